using System.Text.Json;
using Bci.Dsp.Filters;

namespace Bci.Dsp.Tests;

/// <summary>
/// Designs and outputs against scipy.signal (golden/dsp_golden.json, made by golden/make_golden.py with Debian's
/// python3-scipy). Tolerances: coefficients 1e-12 relative to the row's largest value; filtered outputs 1e-9
/// absolute on an input of amplitude ~5 (the output of a cascade amplifies coefficient rounding by its gain).
/// </summary>
public sealed class FilterDesignGoldenTests
{
    private const double CoefficientTolerance = 1e-12;
    private const double OutputTolerance = 1e-9;

    public static TheoryData<int> ButterIndices() => Indices("butter");

    public static TheoryData<int> NotchIndices() => Indices("notch");

    public static TheoryData<int> FirIndices() => Indices("firwin");

    public static TheoryData<int> FiltFiltIndices() => Indices("sosfiltfilt");

    public static TheoryData<int> ResampleIndices() => Indices("resample_poly");

    [Theory]
    [MemberData(nameof(ButterIndices))]
    public void Butterworth_SectionsAndOutputEqualScipy(int index)
    {
        var d = Golden.Root.GetProperty("butter")[index];
        var band = Enum.Parse<FilterBand>(d.GetProperty("band").GetString()!, ignoreCase: true);
        var sos = ButterworthDesign.Design(band, d.GetProperty("order").GetInt32(), d.GetProperty("low").GetDouble(),
            d.GetProperty("high").GetDouble(), d.GetProperty("rate").GetDouble());

        AssertSections(Golden.Rows(d.GetProperty("sos")), sos, $"butter {band} order {d.GetProperty("order").GetInt32()}");
        var output = SosFilter.Apply(sos, Golden.Input);
        Assert.InRange(Golden.MaxAbsDifference(output, Golden.Doubles(d.GetProperty("sosfilt"))), 0, OutputTolerance);
    }

    [Theory]
    [MemberData(nameof(NotchIndices))]
    public void Notch_EqualsScipyIirnotch(int index)
    {
        var d = Golden.Root.GetProperty("notch")[index];
        var sos = NotchDesign.Notch(d.GetProperty("frequency").GetDouble(), d.GetProperty("q").GetDouble(), d.GetProperty("rate").GetDouble());
        AssertSections(Golden.Rows(d.GetProperty("sos")), sos, "iirnotch");
        var output = SosFilter.Apply(sos, Golden.Input);
        Assert.InRange(Golden.MaxAbsDifference(output, Golden.Doubles(d.GetProperty("sosfilt"))), 0, OutputTolerance);
    }

    [Theory]
    [MemberData(nameof(FirIndices))]
    public void Firwin_TapsEqualScipy(int index)
    {
        var d = Golden.Root.GetProperty("firwin")[index];
        var window = Enum.Parse<FirWindow>(d.GetProperty("window").GetString() switch
        {
            "boxcar" => "Rectangular",
            var w => w!,
        }, ignoreCase: true);
        var h = FirDesign.Firwin(d.GetProperty("taps").GetInt32(), Golden.Doubles(d.GetProperty("cutoffs")), d.GetProperty("rate").GetDouble(),
            d.GetProperty("pass_zero").GetBoolean(), window);
        Assert.InRange(Golden.MaxAbsDifference(h, Golden.Doubles(d.GetProperty("h"))), 0, 1e-13);
    }

    [Theory]
    [MemberData(nameof(FiltFiltIndices))]
    public void ZeroPhase_EqualsScipySosfiltfilt(int index)
    {
        var d = Golden.Root.GetProperty("sosfiltfilt")[index];
        var sos = new SecondOrderSections(Golden.Rows(d.GetProperty("sos")));
        Assert.Equal(d.GetProperty("padlen").GetInt32(), ZeroPhaseFilter.DefaultPadLength(sos));
        var output = ZeroPhaseFilter.OfflineFiltFilt(sos, Golden.Input);
        Assert.InRange(Golden.MaxAbsDifference(output, Golden.Doubles(d.GetProperty("sosfiltfilt"))), 0, OutputTolerance);
    }

    [Theory]
    [MemberData(nameof(ResampleIndices))]
    public void PolyphaseResampler_EqualsScipyResamplePoly(int index)
    {
        var d = Golden.Root.GetProperty("resample_poly")[index];
        var y = PolyphaseResampler.ResamplePoly(Golden.Input, d.GetProperty("up").GetInt32(), d.GetProperty("down").GetInt32());
        Assert.InRange(Golden.MaxAbsDifference(y, Golden.Doubles(d.GetProperty("y"))), 0, 1e-12);
    }

    [Fact]
    public void GoldenFile_RecordsTheScipyVersionThatMadeIt()
    {
        Assert.StartsWith("1.", Golden.ScipyVersion);
        Assert.Equal("tests/Bci.Dsp.Tests/golden/make_golden.py", Golden.Root.GetProperty("generator").GetString());
    }

    private static void AssertSections(double[,] expected, SecondOrderSections actual, string what)
    {
        Assert.Equal(expected.GetLength(0), actual.SectionCount);
        for (var s = 0; s < actual.SectionCount; s++)
        {
            var scale = 0.0;
            for (var k = 0; k < 6; k++) scale = Math.Max(scale, Math.Abs(expected[s, k]));
            for (var k = 0; k < 6; k++)
            {
                var difference = Math.Abs(expected[s, k] - actual[s, k]);
                Assert.True(difference <= CoefficientTolerance * scale,
                    $"{what}: section {s} coefficient {k}: scipy {expected[s, k]:R}, ours {actual[s, k]:R}");
            }
        }
    }

    private static TheoryData<int> Indices(string property)
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Golden.Root.GetProperty(property).GetArrayLength(); i++) data.Add(i);
        return data;
    }
}
