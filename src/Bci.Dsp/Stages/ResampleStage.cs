using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Dsp.Filters;
using Bci.Dsp.Streaming;

namespace Bci.Dsp.Stages;

/// <summary>
/// Rational-rate resampling (polyphase FIR with anti-aliasing, as scipy.signal.resample_poly). The output lags the
/// input by the filter's half length; its timestamps are the input times at the resampled positions, so downstream
/// stages see correct times. When the input ends, the tail is flushed.
/// </summary>
[Stage("dsp.resample", Description = "Resample to a new rate (polyphase FIR with anti-aliasing, as scipy resample_poly).")]
public sealed class ResampleStage : IStage<SampleChunk, SampleChunk>, IValidatingStage
{
    [Option("rate", Unit = "Hz", Required = true, Description = "Output rate.")]
    public double Rate { get; init; } = 250;

    public IEnumerable<string> Validate()
    {
        if (!(Rate > 0)) yield return $"rate must be above 0 Hz, not {Rate} Hz";
    }

    /// <summary>up/down with up/down = output/input rate exactly, or to 1e-9 with denominators up to 1000.</summary>
    public static (int Up, int Down) Ratio(double inputRate, double outputRate)
    {
        for (var down = 1; down <= 1000; down++)
        {
            var up = outputRate * down / inputRate;
            var rounded = Math.Round(up);
            if (rounded >= 1 && Math.Abs(up - rounded) < 1e-9 * Math.Max(1, up))
                return ((int)rounded, down);
        }
        throw new ArgumentException($"cannot resample {inputRate} Hz to {outputRate} Hz by a ratio of integers up to 1000");
    }

    public IObservable<SampleChunk> Apply(IObservable<SampleChunk> input, StageContext context) =>
        Observable.Create<SampleChunk>(observer =>
        {
            var guard = new StreamGuard(context);
            PolyphaseResampler? resampler = null;
            StreamDescription? output = null;
            var timesCorrected = false;

            void Emit(double[] values, double[] times, int count)
            {
                if (count > 0) observer.OnNext(SampleChunk.Wrap(output!, values, times, count, timesCorrected));
            }

            return input.Subscribe(chunk =>
                {
                    if (guard.Check(chunk))
                    {
                        var rate = StreamGuard.RequireRate(chunk.Stream, "dsp.resample");
                        var (up, down) = Ratio(rate, Rate);
                        resampler = new PolyphaseResampler(up, down, chunk.ChannelCount, rate);
                        output = chunk.Stream.WithRate(Rate);
                        context.Info($"resample '{chunk.Stream.Name}' {rate:0.###} Hz -> {Rate:0.###} Hz (up {resampler.Up}, down {resampler.Down}, {resampler.Taps.Length} taps, delay {resampler.Delay} samples)");
                    }
                    timesCorrected = chunk.TimesCorrected;
                    var capacity = resampler!.MaxOutput(chunk.SampleCount);
                    var values = new double[capacity * chunk.ChannelCount];
                    var times = new double[capacity];
                    var n = resampler.Process(chunk.Values, chunk.Timestamps, values, times);
                    Emit(values, times, n);
                },
                observer.OnError,
                () =>
                {
                    if (resampler is not null)
                    {
                        var capacity = resampler.Delay + 4;
                        var values = new double[capacity * resampler.ChannelCount];
                        var times = new double[capacity];
                        Emit(values, times, resampler.Flush(values, times));
                    }
                    observer.OnCompleted();
                });
        });
}
