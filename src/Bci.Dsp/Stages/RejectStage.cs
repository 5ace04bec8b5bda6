using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Dsp.Stages;

/// <summary>
/// Artefact rejection of windows/epochs before a decoder: a window is dropped when a checked channel holds NaN or
/// an infinity, is flat (peak-to-peak below <c>flat</c>), or swings more than <c>amplitude</c> peak-to-peak. Every
/// rejection is reported (stream, channel, window time, reason, value) and counted in the stage's health
/// ("rejected", "rejected-non-finite", "rejected-flat", "rejected-amplitude", "passed"); nothing bad is passed on.
/// </summary>
[Stage("dsp.reject", Description = "Drop windows with NaN/Inf, flat channels or excessive peak-to-peak amplitude; reported and counted.")]
public sealed class RejectStage : IStage<SignalWindow, SignalWindow>, IValidatingStage
{
    [Option("amplitude", Unit = "V", Description = "Largest allowed peak-to-peak amplitude per channel; 0 = no check.")]
    public double Amplitude { get; init; } = 150e-6;

    [Option("flat", Unit = "V", Description = "Smallest allowed peak-to-peak amplitude per channel (a disconnected electrode); 0 = no check.")]
    public double Flat { get; init; } = 0.1e-6;

    [Option("types", Description = "Channel types checked for amplitude and flatness (NaN/Inf are checked on every channel).")]
    public string[] Types { get; init; } = ["EEG", "MEG", "MAG", "GRAD", "ECOG", "SEEG"];

    [Option("report", Description = "Log at most this many rejections individually (all are counted).")]
    public int Report { get; init; } = 100;

    public IEnumerable<string> Validate()
    {
        if (Amplitude < 0) yield return $"amplitude cannot be negative ({Amplitude} V)";
        if (Flat < 0) yield return $"flat cannot be negative ({Flat} V)";
        if (Amplitude > 0 && Flat >= Amplitude) yield return $"flat ({Flat} V) must be below amplitude ({Amplitude} V)";
    }

    /// <summary>Why <paramref name="window"/> must be rejected, or null when it passes.</summary>
    public (string Counter, string Reason)? Check(SignalWindow window)
    {
        for (var ch = 0; ch < window.ChannelCount; ch++)
        {
            var row = window.Channel(ch);
            var info = window.Stream.Channels[ch];
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var t = 0; t < row.Length; t++)
            {
                var v = row[t];
                if (!double.IsFinite(v))
                    return ("rejected-non-finite", $"channel '{info.Label}' is {v} at t={window.StartTime + t / Math.Max(window.Stream.NominalRate, 1e-12):0.000} s");
                if (v < min) min = v;
                if (v > max) max = v;
            }
            if (!Types.Contains(info.Type, StringComparer.OrdinalIgnoreCase)) continue;
            var range = max - min;
            if (Flat > 0 && range < Flat)
                return ("rejected-flat", $"channel '{info.Label}' is flat (peak-to-peak {range * 1e6:0.###} uV < {Flat * 1e6:0.###} uV)");
            if (Amplitude > 0 && range > Amplitude)
                return ("rejected-amplitude", $"channel '{info.Label}' peak-to-peak {range * 1e6:0.#} uV > {Amplitude * 1e6:0.#} uV");
        }
        return null;
    }

    public IObservable<SignalWindow> Apply(IObservable<SignalWindow> input, StageContext context) => Observable.Defer(() =>
    {
        var rejected = context.Health.Counter("rejected");
        var passed = context.Health.Counter("passed");
        return input.Where(window =>
        {
            var problem = Check(window);
            if (problem is null)
            {
                passed.Increment();
                return true;
            }
            rejected.Increment();
            context.Health.Counter(problem.Value.Counter).Increment();
            if (rejected.Value <= Report)
                context.Warn($"rejected window of '{window.Stream.Name}' at {window.StartTime:0.000}-{window.EndTime:0.000} s" +
                             $"{(window.Event is null ? "" : $" (event {window.Event})")}: {problem.Value.Reason}");
            else if (rejected.Value == Report + 1)
                context.Warn($"more than {Report} windows of '{window.Stream.Name}' rejected; further rejections are only counted");
            return false;
        });
    });
}
