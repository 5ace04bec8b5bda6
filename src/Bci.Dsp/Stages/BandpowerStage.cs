using System.Globalization;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Dsp.Filters;

namespace Bci.Dsp.Stages;

/// <summary>
/// Band power per channel and band of each window (Welch PSD integrated over the band), emitted as one sample of
/// a feature stream whose channels are "label:low-high" and whose timestamp is the window's end.
/// </summary>
[Stage("dsp.bandpower", Description = "Welch band power per channel and band of each window (one feature sample per window).")]
public sealed class BandpowerStage : IStage<SignalWindow, SampleChunk>, IValidatingStage
{
    [Option("bands", Unit = "Hz", Description = "Band edges in pairs: [low1, high1, low2, high2, ...].")]
    public double[] Bands { get; init; } = [8, 13, 13, 30];

    [Option("segment", Unit = "s", Description = "Welch segment length (50 % overlap, Hann); 0 = the whole window.")]
    public double Segment { get; init; } = 0.5;

    [Option("log", Description = "Emit log10 of the power (V^2) instead of the power.")]
    public bool Log { get; init; }

    public IEnumerable<string> Validate()
    {
        if (Bands.Length == 0 || Bands.Length % 2 != 0) yield return $"bands needs pairs of edges, got {Bands.Length} values";
        for (var i = 0; i + 1 < Bands.Length; i += 2)
            if (!(Bands[i] >= 0 && Bands[i + 1] > Bands[i])) yield return $"band {i / 2 + 1}: {Bands[i]}-{Bands[i + 1]} Hz is not an interval";
        if (Segment < 0) yield return $"segment cannot be negative ({Segment} s)";
    }

    public IObservable<SampleChunk> Apply(IObservable<SignalWindow> input, StageContext context) => Observable.Defer(() =>
    {
        Welch? welch = null;
        StreamDescription? output = null;
        double[] psd = [];
        return input.Select(window =>
        {
            var stream = window.Stream;
            if (welch is null || output is null)
            {
                if (!stream.IsRegular) throw new InvalidDataException($"stream '{stream.Name}' has no nominal rate; band power needs one");
                var segment = Segment > 0 ? (int)Math.Round(Segment * stream.NominalRate) : window.SampleCount;
                segment = Math.Clamp(segment, 2, window.SampleCount);
                welch = new Welch(segment, stream.NominalRate);
                psd = new double[welch.BinCount];
                var channels = stream.Channels.SelectMany(c => Pairs().Select(b => new ChannelInfo(
                    string.Create(CultureInfo.InvariantCulture, $"{c.Label}:{b.Low:0.##}-{b.High:0.##}"), "bandpower", Log ? "log10(V^2)" : "V^2")));
                output = new StreamDescription(stream.Name + "-bandpower", "bandpower", channels, StreamDescription.IrregularRate, ChannelFormat.Double64, stream.SourceId);
                context.Info($"band power of '{stream.Name}': {Pairs().Count()} bands, Welch segments of {segment} samples ({welch.Resolution:0.##} Hz bins)");
            }
            if (output.ChannelCount != stream.ChannelCount * Pairs().Count())
                throw new InvalidDataException($"stream '{stream.Name}' changed its channel count to {stream.ChannelCount} at t={window.StartTime:0.000} s");
            var values = new double[output.ChannelCount];
            var k = 0;
            for (var ch = 0; ch < window.ChannelCount; ch++)
            {
                welch.Psd(window.Channel(ch), psd);
                foreach (var (low, high) in Pairs())
                {
                    var power = welch.BandPower(psd, low, high);
                    values[k++] = Log ? Math.Log10(power) : power;
                }
            }
            return SampleChunk.Wrap(output, values, [window.EndTime]);
        });
    });

    private IEnumerable<(double Low, double High)> Pairs()
    {
        for (var i = 0; i + 1 < Bands.Length; i += 2) yield return (Bands[i], Bands[i + 1]);
    }
}
