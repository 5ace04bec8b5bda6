using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace PowerRatioDecoder;

/// <summary>
/// A deliberately simple motor-imagery decoder, to show what a plug-in stage looks like. Imagining a left-hand
/// movement lowers mu/beta power over the right motor cortex (C4) and vice versa, so the log power ratio of C3 to
/// C4 (smoothed exponentially) gives P(left) through a logistic function. Feed it band-passed data (8-30 Hz).
/// </summary>
[Stage("example.power-ratio", Description = "Example plug-in: left/right probabilities from the smoothed C3/C4 log power ratio.")]
public sealed class PowerRatioDecoderStage : IStage<SampleChunk, DecodedOutput>, IValidatingStage
{
    [Option("left", Description = "Channel over the left motor cortex.")]
    public string LeftChannel { get; init; } = "C3";

    [Option("right", Description = "Channel over the right motor cortex.")]
    public string RightChannel { get; init; } = "C4";

    [Option("smoothing", Unit = "s", Description = "Time constant of the exponential power average.")]
    public double Smoothing { get; init; } = 0.5;

    [Option("gain", Description = "Slope of the logistic mapping of the log power ratio.")]
    public double Gain { get; init; } = 2;

    public IEnumerable<string> Validate()
    {
        if (Smoothing <= 0) yield return "smoothing must be above 0 s";
        if (string.Equals(LeftChannel, RightChannel, StringComparison.OrdinalIgnoreCase)) yield return "left and right must be different channels";
    }

    public IObservable<DecodedOutput> Apply(IObservable<SampleChunk> input, StageContext context) => Observable.Defer(() =>
    {
        // Per-subscription state: the smoothed powers.
        double leftPower = double.NaN, rightPower = double.NaN;
        return input.Where(chunk => chunk.SampleCount > 0).Select(chunk =>
        {
            var left = chunk.Stream.IndexOf(LeftChannel);
            var right = chunk.Stream.IndexOf(RightChannel);
            if (left < 0 || right < 0)
                throw new InvalidDataException(
                    $"stream '{chunk.Stream.Name}' has no channel '{(left < 0 ? LeftChannel : RightChannel)}' (its channels: {string.Join(", ", chunk.Stream.Channels.Take(12).Select(c => c.Label))}{(chunk.ChannelCount > 12 ? ", ..." : "")})");

            var alpha = 1 - Math.Exp(-1 / (Smoothing * Math.Max(chunk.Stream.NominalRate, 1)));
            for (var s = 0; s < chunk.SampleCount; s++)
            {
                var l = chunk[s, left];
                var r = chunk[s, right];
                leftPower = double.IsNaN(leftPower) ? l * l : leftPower + alpha * (l * l - leftPower);
                rightPower = double.IsNaN(rightPower) ? r * r : rightPower + alpha * (r * r - rightPower);
            }
            var logRatio = Math.Log((leftPower + 1e-30) / (rightPower + 1e-30));
            var pLeft = 1 / (1 + Math.Exp(-Gain * logRatio));
            return new DecodedOutput(context.StageId, chunk.LastTimestamp, ["left", "right"], [pLeft, 1 - pLeft])
            {
                Control = 1 - 2 * pLeft,
            };
        });
    });
}
