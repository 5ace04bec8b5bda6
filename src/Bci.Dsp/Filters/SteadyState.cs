namespace Bci.Dsp.Filters;

/// <summary>
/// Initial state of a cascade for the step response's steady state (scipy.signal.sosfilt_zi): per section the
/// lfilter_zi solution of (I - A^T) zi = b[1:] - a[1:] b0, scaled by the DC gain of the sections before it.
/// </summary>
internal static class SteadyState
{
    public static double[,] Of(SecondOrderSections sos)
    {
        var zi = new double[sos.SectionCount, 2];
        var scale = 1.0;
        for (var s = 0; s < sos.SectionCount; s++)
        {
            double b0 = sos[s, 0], b1 = sos[s, 1], b2 = sos[s, 2], a1 = sos[s, 4], a2 = sos[s, 5];
            // I - companion(a)^T = [[1 + a1, -1], [a2, 1]]; right-hand side B = [b1 - a1 b0, b2 - a2 b0].
            var r0 = b1 - a1 * b0;
            var r1 = b2 - a2 * b0;
            var det = (1 + a1) * 1 - (-1) * a2;
            var z0 = (r0 * 1 - (-1) * r1) / det;
            var z1 = ((1 + a1) * r1 - a2 * r0) / det;
            zi[s, 0] = z0 * scale;
            zi[s, 1] = z1 * scale;
            scale *= (b0 + b1 + b2) / (1 + a1 + a2);
        }
        return zi;
    }
}
