using TorchSharp;
using static TorchSharp.torch;

namespace Bci.Decoding.Model;

/// <summary>
/// Band power over short windows, on a log scale: input [B, F, 1, T] (spatially and temporally filtered
/// signals) -> square -> mean over <c>window</c> samples every <c>stride</c> samples -> log -> [B, F, 1, N].
/// Motor imagery shows as a change of mu/beta power (event-related desynchronisation), not as a waveform with
/// a fixed phase; averaging the raw filtered signal over time cancels an oscillation, its power does not. This is
/// the square-pool-log step of ShallowConvNet (Schirrmeister et al. 2017), and the log-variance feature of CSP.
/// </summary>
public sealed class LogPowerPooling(int window, int stride) : nn.Module<Tensor, Tensor>(nameof(LogPowerPooling))
{
    /// <summary>Floor under the power before the log, so a silent (e.g. dropped) channel gives a finite value.</summary>
    public const double Floor = 1e-6;

    public int Window { get; } = window;

    public int Stride { get; } = stride;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // input * input, not square(): TorchSharp's square() passes a temporary Scalar (see Scalars)
        var power = nn.functional.avg_pool2d(input * input, [1, Window], [1, Stride]);
        return power.AtLeast(Floor).log().MoveToOuterDisposeScope();
    }

    /// <summary>Windows of <paramref name="window"/> samples every <paramref name="stride"/> that fit in <paramref name="samples"/>.</summary>
    public static int Tokens(int samples, int window, int stride) => samples < window ? 0 : (samples - window) / stride + 1;
}
