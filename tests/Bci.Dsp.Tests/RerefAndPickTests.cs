using Bci.Core.Streams;
using Bci.Dsp.Stages;

namespace Bci.Dsp.Tests;

public sealed class RerefAndPickTests
{
    private static readonly StreamDescription Mixed = new("amp", "EEG",
    [
        new ChannelInfo("C3"), new ChannelInfo("Cz"), new ChannelInfo("C4"), new ChannelInfo("M1"), new ChannelInfo("M2"),
        new ChannelInfo("HEOG", "EOG"),
    ], 250);

    private static SampleChunk OneSample(params double[] values) => SampleChunk.Wrap(Mixed, values, [1.0]);

    [Fact]
    public void CommonAverage_SubtractsTheMeanOfTheEegChannelsOnly()
    {
        var output = StageHarness.Run(new RerefStage(), [OneSample(1, 2, 3, 4, 10, 100)]).Single();
        // mean of EEG channels 1,2,3,4,10 = 4; EOG untouched
        Assert.Equal([-3, -2, -1, 0, 6, 100], output.Values.ToArray());
    }

    [Fact]
    public void ChannelReference_SubtractsThatChannel()
    {
        var output = StageHarness.Run(new RerefStage { Reference = ReferenceMode.Channel, Channel = "cz" }, [OneSample(1, 2, 3, 4, 10, 100)]).Single();
        Assert.Equal([-1, 0, 1, 2, 8, 100], output.Values.ToArray());
    }

    [Fact]
    public void LinkedMastoids_SubtractsTheirMean()
    {
        var output = StageHarness.Run(new RerefStage { Reference = ReferenceMode.LinkedMastoids }, [OneSample(1, 2, 3, 4, 10, 100)]).Single();
        Assert.Equal([-6, -5, -4, -3, 3, 100], output.Values.ToArray());
    }

    [Fact]
    public void MissingReferenceChannel_IsAnErrorNamingStreamAndChannels()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            StageHarness.Run(new RerefStage { Reference = ReferenceMode.Channel, Channel = "FCz" }, [OneSample(1, 2, 3, 4, 10, 100)]));
        Assert.Contains("'FCz'", e.Message);
        Assert.Contains("'amp'", e.Message);
        Assert.Contains("C3", e.Message);
    }

    [Fact]
    public void Pick_ByLabelInOrder_AndByType()
    {
        var byLabel = StageHarness.Run(new PickStage { Channels = ["C4", "C3"] }, [OneSample(1, 2, 3, 4, 10, 100)]).Single();
        Assert.Equal([3, 1], byLabel.Values.ToArray());
        Assert.Equal(["C4", "C3"], byLabel.Stream.Channels.Select(c => c.Label));

        var noEog = StageHarness.Run(new PickStage { Types = ["EEG"], Exclude = ["M1", "M2"] }, [OneSample(1, 2, 3, 4, 10, 100)]).Single();
        Assert.Equal([1, 2, 3], noEog.Values.ToArray());
    }

    [Fact]
    public void Pick_UnknownLabel_IsAnErrorListingTheStreamsChannels()
    {
        var e = Assert.Throws<InvalidDataException>(() => StageHarness.Run(new PickStage { Channels = ["C3", "Oz"] }, [OneSample(1, 2, 3, 4, 10, 100)]));
        Assert.Contains("'Oz'", e.Message);
        Assert.Contains("HEOG", e.Message);
    }
}
