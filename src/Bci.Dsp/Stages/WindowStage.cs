using System.Reactive.Linq;
using Bci.Core.Health;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Dsp.Streaming;

namespace Bci.Dsp.Stages;

/// <summary>
/// Sliding windows: every <c>step</c>, the last <c>length</c> of samples as a C x T <see cref="SignalWindow"/>
/// starting at its first sample's timestamp. Windows are placed by sample count (window k starts at sample
/// k * step), so they do not depend on how the stream was chunked. The ring the samples pass through is allocated
/// once; each window's own array is the only allocation per window.
/// </summary>
[Stage("dsp.window", Description = "Sliding windows of a given length and step (C x T SignalWindow with its time span).")]
public sealed class WindowStage : IStage<SampleChunk, SignalWindow>, IValidatingStage
{
    [Option("length", Unit = "s", Required = true, Description = "Window length.")]
    public double Length { get; init; } = 1;

    [Option("step", Unit = "s", Description = "Time between window starts; 0 = the length (no overlap).")]
    public double Step { get; init; }

    public IEnumerable<string> Validate()
    {
        if (!(Length > 0)) yield return $"length must be positive, not {Length} s";
        if (Step < 0) yield return $"step cannot be negative ({Step} s)";
    }

    public IObservable<SignalWindow> Apply(IObservable<SampleChunk> input, StageContext context) => Observable.Create<SignalWindow>(observer =>
    {
        var guard = new StreamGuard(context);
        var windows = context.Health.Counter("windows");
        SampleHistory? history = null;
        int length = 0, step = 0;
        long nextStart = 0;
        return input.Subscribe(chunk =>
            {
                if (guard.Check(chunk))
                {
                    var rate = StreamGuard.RequireRate(chunk.Stream, "dsp.window");
                    length = Math.Max(1, (int)Math.Round(Length * rate));
                    step = Step > 0 ? Math.Max(1, (int)Math.Round(Step * rate)) : length;
                    history = new SampleHistory(chunk.ChannelCount, length + 4 * Math.Max(step, chunk.SampleCount));
                    context.Info($"windows of '{chunk.Stream.Name}': {length} samples every {step} samples");
                }
                var h = history!;
                // Samples that would overwrite an unfinished window before it is cut: widen the ring first.
                h.EnsureCapacity((int)Math.Min(int.MaxValue, h.End + chunk.SampleCount - nextStart + 1));
                h.Append(chunk.Values, chunk.Timestamps);
                while (nextStart + length <= h.End)
                {
                    var data = new double[chunk.ChannelCount * length];
                    h.CopyWindow(nextStart, length, data);
                    var window = SignalWindow.Wrap(chunk.Stream, data, length, h.TimeAt(nextStart));
                    nextStart += step;
                    windows.Increment();
                    observer.OnNext(window);
                }
            },
            observer.OnError,
            observer.OnCompleted);
    });
}
