using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Recording.Stages;

/// <summary>
/// Replays a recorded stream (XDF, EDF, BDF, GDF, EEGLAB) as a source of sample chunks that look like the live
/// stream did: same description, chunks of the requested length, paced on the run's scheduler at the recorded
/// timing (or faster, or as fast as consumed), timestamps moved onto the run's clock. Reads the file as it goes.
/// </summary>
[Stage("replay", Description = "Replays a recorded stream (XDF, EDF/BDF, GDF, EEGLAB) as live sample chunks: original pace, a speed factor or max; loop; start offset.")]
public sealed class ReplaySource : ReplaySourceBase<SampleChunk>, ISource<SampleChunk>
{
    [Option("stream", Description = "Name or type of the stream to replay (default: the first signal stream).")]
    public string Stream { get; init; } = "";

    [Option("chunk", Unit = "s", Description = "Length of the emitted chunks.")]
    public double Chunk { get; init; } = 0.04;

    public override IEnumerable<string> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        if (!(Chunk > 0)) yield return $"chunk must be above 0 s, not {Chunk}";
    }

    /// <summary>The stream a pipeline will get (for tools and tests): opens the file's headers.</summary>
    public static RecordedStream Select(Recording recording, string selector)
    {
        var signals = recording.SignalStreams.ToList();
        if (signals.Count == 0) throw new InvalidOperationException($"{recording.Path} has no signal stream to replay");
        if (string.IsNullOrWhiteSpace(selector)) return signals[0];
        return signals.FirstOrDefault(s => string.Equals(s.Name, selector, StringComparison.OrdinalIgnoreCase))
            ?? signals.FirstOrDefault(s => string.Equals(s.Description.Type, selector, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(
                $"{recording.Path} has no signal stream named or typed '{selector}' (it has: {string.Join(", ", signals.Select(s => $"'{s.Name}' ({s.Description.Type})"))})");
    }

    private protected override (string Name, string Unit) Counter => ("samples", "samples");

    private protected override Func<CancellationToken, IEnumerable<(SampleChunk Item, double FileTime)>> Prepare(Recording recording, ReplayPlan plan)
    {
        var stream = Select(recording, Stream);
        var maxChunk = stream.Description.IsRegular ? Math.Max(1, (int)Math.Round(Chunk * stream.Description.NominalRate)) : 64;
        // A chunk is due when its last sample was recorded.
        return cancel => stream.ReadChunks(maxChunk, cancel).Select(c => Trim(c, plan.From)).OfType<SampleChunk>().Select(c => (c, c.LastTimestamp));
    }

    private protected override SampleChunk Restamp(SampleChunk chunk, ReplayPlan plan, int loop)
    {
        if (Timestamps == ReplayTimestamps.Original) return chunk;
        var times = new double[chunk.SampleCount];
        for (var i = 0; i < times.Length; i++) times[i] = plan.Stamp(chunk.Timestamps[i], loop);
        return SampleChunk.Wrap(chunk.Stream, chunk.ValuesMemory.ToArray(), times, timesCorrected: chunk.TimesCorrected);
    }

    private protected override int Count(SampleChunk item) => item.SampleCount;

    /// <summary>Drops the samples before the start offset.</summary>
    private static SampleChunk? Trim(SampleChunk chunk, double from)
    {
        if (chunk.SampleCount == 0 || chunk.LastTimestamp < from) return null;
        if (chunk.FirstTimestamp >= from) return chunk;
        var skip = 0;
        while (chunk.Timestamps[skip] < from) skip++;
        var c = chunk.ChannelCount;
        return SampleChunk.Copy(chunk.Stream, chunk.Values[(skip * c)..], chunk.Timestamps[skip..], chunk.TimesCorrected);
    }
}
