using Bci.Core.Streams;

namespace Bci.Core.Tests;

public sealed class StreamModelTests
{
    private static readonly StreamDescription Eeg = StreamDescription.Unlabelled("amp", "EEG", 3, 250);

    [Fact]
    public void Chunk_WithWrongValueCount_IsRejectedNamingStreamAndShapes()
    {
        var error = Assert.Throws<ArgumentException>(() => SampleChunk.Wrap(Eeg, new double[7], new double[2]));
        Assert.Contains("'amp'", error.Message);
        Assert.Contains("7 values do not make 2 samples x 3 channels (expected 6)", error.Message);
    }

    [Fact]
    public void Chunk_WithNonFiniteTimestamp_IsRejectedNamingTheSample()
    {
        var error = Assert.Throws<ArgumentException>(() => SampleChunk.Wrap(Eeg, new double[6], [1.0, double.NaN]));
        Assert.Contains("timestamp of sample 1 is NaN", error.Message);
    }

    [Fact]
    public void Chunk_ForAStringStream_IsRejected()
    {
        var markers = StreamDescription.Unlabelled("cues", "Markers", 1, 0, ChannelFormat.String);
        Assert.Throws<ArgumentException>(() => SampleChunk.Wrap(markers, new double[1], [0.0]));
    }

    [Fact]
    public void Chunk_IndexesSampleMajorValues()
    {
        var chunk = SampleChunk.Wrap(Eeg, [1, 2, 3, 4, 5, 6], [10.0, 10.004]);
        Assert.Equal(2, chunk.SampleCount);
        Assert.Equal(6, chunk[1, 2]);
        Assert.Equal([4.0, 5, 6], chunk.Sample(1).ToArray());
        var channel = new double[2];
        chunk.CopyChannel(1, channel);
        Assert.Equal([2.0, 5], channel);
        Assert.Throws<ArgumentOutOfRangeException>(() => chunk[0, 3]);
    }

    [Fact]
    public void Chunk_ExposesOnlyReadOnlyViews()
    {
        var values = typeof(SampleChunk).GetProperty(nameof(SampleChunk.Values))!.PropertyType;
        Assert.Equal(typeof(ReadOnlySpan<double>), values);
        Assert.DoesNotContain(typeof(SampleChunk).GetProperties(), p => p.SetMethod is { IsPublic: true });
    }

    [Fact]
    public void Description_WithDuplicateLabels_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new StreamDescription("amp", "EEG", [new ChannelInfo("Cz"), new ChannelInfo("cz")], 250));
        Assert.Contains("'Cz' appears 2 times", error.Message);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Description_WithImpossibleRate_IsRejected(double rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StreamDescription.Unlabelled("amp", "EEG", 2, rate));
    }

    [Fact]
    public void Window_IsChannelMajorWithItsTimeSpan()
    {
        var window = SignalWindow.Wrap(Eeg, [1, 2, 3, 4, 5, 6], 2, startTime: 5.0, new MarkerEvent("T1", 5.0));
        Assert.Equal([3.0, 4], window.Channel(1).ToArray());
        Assert.Equal(5.0 + 2 / 250.0, window.EndTime, 12);
        Assert.Equal("T1", window.Event!.Value);
        Assert.Throws<ArgumentException>(() => SignalWindow.Wrap(Eeg, new double[5], 2, 0));
    }

    [Fact]
    public void Marker_WithNonFiniteTime_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new MarkerEvent("left", double.NaN, "cues"));
    }

    [Fact]
    public void DecodedOutput_PredictsTheMostProbableClass()
    {
        var output = new DecodedOutput("mi", 1.0, ["left", "right", "rest"], [0.2, 0.5, 0.3]);
        Assert.Equal("right", output.PredictedClass);
        Assert.Throws<ArgumentException>(() => new DecodedOutput("mi", 1.0, ["left"], [0.2, 0.8]));
    }

    [Theory]
    [InlineData("float32", ChannelFormat.Float32, 4)]
    [InlineData("double64", ChannelFormat.Double64, 8)]
    [InlineData("int8", ChannelFormat.Int8, 1)]
    [InlineData("int16", ChannelFormat.Int16, 2)]
    [InlineData("int64", ChannelFormat.Int64, 8)]
    public void ChannelFormat_NamesRoundTrip(string name, ChannelFormat format, int size)
    {
        Assert.Equal(format, ChannelFormatNames.Parse(name));
        Assert.Equal(name, format.ToName());
        Assert.Equal(size, format.ValueSize());
    }
}
