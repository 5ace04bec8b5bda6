using Bci.Core.Time;

namespace Bci.Audio.Output;

/// <summary>
/// The timing of a device without hardware: a buffer that drains at the sample rate on the pipeline's clock
/// (virtual time in tests). When the writer falls behind, the frames the device would have played as silence are
/// returned as a gap to fill, so frame k of what was written always plays at <see cref="StartTime"/> + k / rate.
/// </summary>
internal sealed class SimulatedDevice(IClock clock, int sampleRate, int bufferFrames)
{
    public double StartTime { get; } = clock.Now;

    public long Written { get; private set; }

    public long Underruns { get; private set; }

    private long Played => Math.Min((long)Math.Floor((clock.Now - StartTime) * sampleRate + 1e-9), long.MaxValue);

    public int Available() => (int)Math.Clamp(bufferFrames - (Written - Played), 0, bufferFrames);

    public int Delay() => (int)Math.Max(0, Written - Played);

    /// <summary>Frames of silence the device played since it ran dry (to be written before new frames); counts the underrun.</summary>
    public long Gap()
    {
        var gap = Played - Written;
        if (gap <= 0) return 0;
        Underruns++;
        return gap;
    }

    public void Advance(long frames) => Written += frames;
}
