using Bci.Core.Options;

namespace Bci.Core.Tests;

public sealed class UnitsTests
{
    [Theory]
    [InlineData("8 Hz", "Hz", 8)]
    [InlineData("2 kHz", "Hz", 2000)]
    [InlineData("8", "Hz", 8)]
    [InlineData("500 ms", "s", 0.5)]
    [InlineData("2 s", "s", 2)]
    [InlineData("1.5min", "s", 90)]
    [InlineData("50 uV", "V", 50e-6)]
    [InlineData("50 µV", "V", 50e-6)]
    [InlineData("-3 dB", "dB", -3)]
    [InlineData("1e-3 V", "V", 1e-3)]
    public void Quantities_AreReadIntoTheBaseUnit(string text, string unit, double expected)
    {
        Assert.Equal(expected, Units.Parse(text, unit), 12);
    }

    [Fact]
    public void AUnitOfAnotherKind_IsRejectedWithTheAcceptedUnits()
    {
        Assert.False(Units.TryParse("8 s", "Hz", out _, out var error));
        Assert.Contains("'s' is not a unit of Hz", error);
        Assert.Contains("kHz", error);
    }

    [Fact]
    public void AUnitOnAPlainNumberOption_IsRejected()
    {
        Assert.False(Units.TryParse("3 Hz", null, out _, out var error));
        Assert.Contains("plain number", error);
    }

    [Fact]
    public void Text_IsRejected()
    {
        Assert.False(Units.TryParse("fast", "Hz", out _, out var error));
        Assert.Contains("not a quantity in Hz", error);
    }

    [Theory]
    [InlineData(20e-6, "V", "20 uV")]
    [InlineData(0.5, "s", "500 ms")]
    [InlineData(250, "Hz", "250 Hz")]
    [InlineData(0, "V", "0 V")]
    public void Values_AreFormattedWithReadablePrefixes(double value, string unit, string expected)
    {
        Assert.Equal(expected, Units.Format(value, unit));
    }
}
