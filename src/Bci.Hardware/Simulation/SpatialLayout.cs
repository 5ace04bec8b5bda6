using Bci.Hardware.Profiles;

namespace Bci.Hardware.Simulation;

/// <summary>
/// How strongly each channel sees each simulated source: a Gaussian of the distance between the channel's position and
/// the source's point (volume conduction blurs a cortical source over neighbouring sites). The width is 22 % of the
/// left-right motor distance (3 cm on an adult head, where C3 to C4 is 13.4 cm), so the same rule works for head
/// positions in metres and for flat MEG layouts. Channels without a position see no source.
/// </summary>
public sealed class SpatialLayout
{
    public SpatialLayout(DeviceProfile profile)
    {
        var anchors = profile.Anchors ?? throw new ArgumentException($"device profile '{profile.Id}' has no anchors: the simulator cannot place its sources");
        var left = anchors.LeftMotor.ToArray();
        var right = anchors.RightMotor.ToArray();
        var occipital = anchors.Occipital.ToArray();
        var width = 0.22 * Distance(left, right);
        var parietal = Mix(Mix(left, right, 0.5), occipital, 0.45);
        var leftTemporal = Mix(occipital, left, 0.45);
        var rightTemporal = Mix(occipital, right, 0.45);

        double[] Gains(double[] point) => profile.Channels.Select(c =>
            c.IsNeural && c.Position is { } p ? Math.Exp(-0.5 * Math.Pow(Distance(p.ToArray(), point) / width, 2)) : 0).ToArray();

        LeftMotor = Gains(left);
        RightMotor = Gains(right);
        Occipital = Gains(occipital);
        Erp = ErpModel.Components.Select(c => Gains(c.Site switch
        {
            ErpModel.Site.Occipital => occipital,
            ErpModel.Site.LeftTemporal => leftTemporal,
            ErpModel.Site.RightTemporal => rightTemporal,
            _ => parietal,
        })).ToArray();
        Width = width;
    }

    public double[] LeftMotor { get; }
    public double[] RightMotor { get; }
    public double[] Occipital { get; }

    /// <summary>Per ERP component (as <see cref="ErpModel.Components"/>), per channel.</summary>
    public double[][] Erp { get; }

    /// <summary>Width of the Gaussian in the profile's position units.</summary>
    public double Width { get; }

    private static double Distance(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(sum);
    }

    private static double[] Mix(double[] a, double[] b, double t) => a.Zip(b, (x, y) => x + t * (y - x)).ToArray();
}
