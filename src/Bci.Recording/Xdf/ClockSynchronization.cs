namespace Bci.Recording.Xdf;

/// <summary>
/// pyxdf's clock synchronization, reimplemented: clock offsets are split into segments at clock resets
/// (negative time steps, or a time glitch together with a value glitch, judged against the median and MAD of the
/// steps), and each segment gets a robust (Huber, ADMM) linear fit value = a + b * time that is applied to the
/// sample timestamps in that segment.
/// </summary>
internal static class ClockSynchronization
{
    /// <summary>numpy's finfo(float).eps, which pyxdf adds to the MAD.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    public readonly record struct Segment(int First, int Last, double Intercept, double Slope);

    public sealed record Thresholds(double ResetStds = 5, double ResetSeconds = 5, double OffsetStds = 10, double OffsetSeconds = 1, double Winsor = 0.0001);

    /// <summary>Clock segments and their fits (pyxdf's _detect_clock_resets + the fits of _clock_sync).</summary>
    public static List<Segment> Fit(IReadOnlyList<ClockOffset> offsets, bool handleResets, Thresholds t)
    {
        var ranges = handleResets && offsets.Count > 1 ? DetectResets(offsets, t) : [(0, offsets.Count - 1)];
        var segments = new List<Segment>(ranges.Count);
        foreach (var (first, last) in ranges)
        {
            if (first == last)
            {
                segments.Add(new Segment(first, last, offsets[first].Value, 0));
                continue;
            }
            var n = last - first + 1;
            var times = new double[n];
            var values = new double[n];
            for (var i = 0; i < n; i++)
            {
                times[i] = offsets[first + i].CollectionTime / t.Winsor;
                values[i] = offsets[first + i].Value / t.Winsor;
            }
            var (a, b) = RobustFit(times, values) ?? (0, 0);
            segments.Add(new Segment(first, last, a * t.Winsor, b));
        }
        return segments;
    }

    public static List<(int First, int Last)> DetectResets(IReadOnlyList<ClockOffset> offsets, Thresholds t)
    {
        var n = offsets.Count;
        var timeDiff = new double[n - 1];
        var valueDiff = new double[n - 1];
        for (var i = 0; i < n - 1; i++)
        {
            timeDiff[i] = offsets[i + 1].CollectionTime - offsets[i].CollectionTime;
            valueDiff[i] = offsets[i + 1].Value - offsets[i].Value;
        }
        var timeGlitch = Glitches(timeDiff, t.ResetStds, t.ResetSeconds);
        var valueGlitch = Glitches(valueDiff, t.OffsetStds, t.OffsetSeconds);
        var ranges = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < n - 1; i++)
        {
            if (timeDiff[i] < 0 || (timeGlitch[i] && valueGlitch[i]))
            {
                ranges.Add((start, i));
                start = i + 1;
            }
        }
        ranges.Add((start, n - 1));
        return ranges;
    }

    private static bool[] Glitches(double[] diff, double thresholdStds, double thresholdSeconds)
    {
        var median = Median(diff);
        var deviations = diff.Select(d => Math.Abs(d - median)).ToArray();
        var mad = Median(deviations) + MachineEpsilon;
        return diff.Select((d, i) => Math.Abs((d - median) / mad) > thresholdStds && deviations[i] > thresholdSeconds).ToArray();
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>
    /// pyxdf's _robust_fit: minimises the Huber loss of [1, x] * coef - y by ADMM (rho 1, 1000 iterations).
    /// Returns null when the normal matrix is not positive definite (pyxdf's LinAlgError: coefficients 0).
    /// </summary>
    public static (double Intercept, double Slope)? RobustFit(double[] x, double[] y, double rho = 1, int iterations = 1000)
    {
        var n = x.Length;
        var offset = x.Min();
        var col = x.Select(v => v - offset).ToArray();
        // A^T A = [[n, S1], [S1, S2]]; Cholesky L = [[l11, 0], [l21, l22]].
        double s1 = 0, s2 = 0, aty0 = 0, aty1 = 0;
        for (var i = 0; i < n; i++) { s1 += col[i]; s2 += col[i] * col[i]; aty0 += y[i]; aty1 += col[i] * y[i]; }
        if (n <= 0) return null;
        var l11 = Math.Sqrt(n);
        var l21 = s1 / l11;
        var d = s2 - l21 * l21;
        if (!(d > 0) || !double.IsFinite(d)) return null;
        var l22 = Math.Sqrt(d);

        var z = new double[n];
        var u = new double[n];
        double x0 = 0, x1 = 0;
        for (var k = 0; k < iterations; k++)
        {
            // x = U^-1 (L^-1 (A^T y + A^T (z - u)))
            double r0 = aty0, r1 = aty1;
            for (var i = 0; i < n; i++) { var w = z[i] - u[i]; r0 += w; r1 += col[i] * w; }
            var w0 = r0 / l11;
            var w1 = (r1 - l21 * w0) / l22;
            x1 = w1 / l22;
            x0 = (w0 - l21 * x1) / l11;
            for (var i = 0; i < n; i++)
            {
                var di = x0 + x1 * col[i] - y[i] + u[i];
                var inv = di != 0 ? 1 / di : 0;
                var tmp = Math.Max(0, 1 - (1 + 1 / rho) * Math.Abs(inv));
                z[i] = rho / (1 + rho) * di + 1 / (1 + rho) * tmp * di;
                u[i] = di - z[i];
            }
        }
        x0 -= x1 * offset;
        return double.IsFinite(x0) && double.IsFinite(x1) ? (x0, x1) : null;
    }

    /// <summary>
    /// pyxdf's _detect_corrupted_clock_offset: is the last offset an outlier in time step or value (MAD z-score)?
    /// </summary>
    public static bool LastOffsetLooksCorrupted(IReadOnlyList<ClockOffset> offsets, double timeThreshold = 10, double valueThreshold = 10)
    {
        if (offsets.Count < 3) return false;
        var intervals = new double[offsets.Count - 1];
        for (var i = 0; i < intervals.Length; i++) intervals[i] = offsets[i + 1].CollectionTime - offsets[i].CollectionTime;
        var medianInterval = Median(intervals[..^1]);
        var lastInterval = Math.Abs(intervals[^1]);
        var timeRatio = medianInterval > 0 ? lastInterval / medianInterval : lastInterval > 0 ? double.PositiveInfinity : 1;
        var values = offsets.Take(offsets.Count - 1).Select(o => o.Value).ToArray();
        var medianValue = Median(values);
        var mad = Median(values.Select(v => Math.Abs(v - medianValue)).ToArray());
        var z = mad > MachineEpsilon ? Math.Abs(offsets[^1].Value - medianValue) / (1.4826 * mad) : 0;
        return timeRatio > timeThreshold || z > valueThreshold;
    }
}
