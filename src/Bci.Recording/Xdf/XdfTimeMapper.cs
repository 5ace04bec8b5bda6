namespace Bci.Recording.Xdf;

/// <summary>
/// Applies a timeline's clock segments and dejitter lines to samples visited in index order (a forward-only
/// pointer per segment list, so the cost per sample is constant).
/// </summary>
internal sealed class XdfTimeMapper(XdfTimeline timeline)
{
    private int _clock;
    private int _jitter;

    public double Map(long index, double raw)
    {
        var t = raw;
        var clocks = timeline.ClockSegments;
        if (clocks.Count > 0)
        {
            while (_clock < clocks.Count - 1 && index > clocks[_clock].Last) _clock++;
            var s = clocks[_clock];
            t = raw + s.A + s.B * raw;
        }
        var lines = timeline.JitterSegments;
        if (lines.Count > 0)
        {
            while (_jitter < lines.Count - 1 && index > lines[_jitter].Last) _jitter++;
            var s = lines[_jitter];
            t = s.A + s.B * index;
        }
        return t;
    }
}
