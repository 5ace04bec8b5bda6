using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;
using MathNet.Numerics.LinearAlgebra;

namespace Bci.Dsp.Stages;

/// <summary>
/// Euclidean alignment (He and Wu, "Transfer Learning for Brain-Computer Interfaces: A Euclidean Space Data
/// Alignment Approach", IEEE TBME 67(2), 2020): each window X becomes R^{-1/2} X, where R is the arithmetic mean
/// of the covariance matrices X X^T / T of the windows seen so far (this one included), so that the aligned
/// windows of a session have identity mean covariance and sessions/subjects become comparable. Causal: R uses
/// only past and current windows. Windows with non-finite values are passed on unaligned-but-NaN (never used
/// for R) so that dsp.reject can report them.
/// </summary>
[Stage("dsp.euclidean-align", Description = "Euclidean alignment of windows: R^-1/2 X with R the running mean covariance.")]
public sealed class EuclideanAlignStage : IStage<SignalWindow, SignalWindow>, IValidatingStage
{
    [Option("regularization", Description = "Added to R's diagonal, relative to its mean eigenvalue (keeps R^-1/2 finite for rank-deficient data).")]
    public double Regularization { get; init; } = 1e-6;

    public IEnumerable<string> Validate()
    {
        if (!(Regularization >= 0)) yield return $"regularization cannot be negative ({Regularization})";
    }

    public IObservable<SignalWindow> Apply(IObservable<SignalWindow> input, StageContext context) => Observable.Defer(() =>
    {
        Matrix<double>? sum = null;
        var count = 0;
        return input.Select(window =>
        {
            var c = window.ChannelCount;
            var t = window.SampleCount;
            var x = Matrix<double>.Build.Dense(t, c, window.Data.ToArray()).Transpose();   // channel-major data -> C x T
            if (window.Data.ToArray().Any(v => !double.IsFinite(v))) return window;
            if (sum is not null && sum.RowCount != c)
                throw new InvalidDataException($"stream '{window.Stream.Name}' changed from {sum.RowCount} to {c} channels at t={window.StartTime:0.000} s");
            var covariance = x * x.Transpose() / t;
            sum = sum is null ? covariance : sum + covariance;
            count++;
            var r = sum / count;
            var aligned = InverseSquareRoot(r) * x;
            var data = new double[c * t];
            for (var ch = 0; ch < c; ch++)
                for (var k = 0; k < t; k++) data[ch * t + k] = aligned[ch, k];
            return SignalWindow.Wrap(window.Stream, data, t, window.StartTime, window.Event);
        });
    });

    /// <summary>R^{-1/2} of a symmetric positive (semi-)definite matrix by eigendecomposition.</summary>
    public Matrix<double> InverseSquareRoot(Matrix<double> r)
    {
        var evd = r.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(v => v.Real).ToArray();
        var floor = Regularization * Math.Max(values.Average(), double.Epsilon);
        var d = Matrix<double>.Build.DiagonalOfDiagonalArray(values.Select(v => 1 / Math.Sqrt(Math.Max(v, 0) + floor)).ToArray());
        return evd.EigenVectors * d * evd.EigenVectors.Transpose();
    }
}
