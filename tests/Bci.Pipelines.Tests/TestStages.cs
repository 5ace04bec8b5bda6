using System.Reactive;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Pipelines.Tests;

/// <summary>Throws while handling the n-th chunk, like a stage with a bug or a stream it cannot digest.</summary>
[Stage("test.throw-at", Description = "Test stage: fails on the n-th chunk.")]
public sealed class ThrowAtStage : IStage<SampleChunk, SampleChunk>
{
    [Option("chunk")]
    public int Chunk { get; init; } = 3;

    public IObservable<SampleChunk> Apply(IObservable<SampleChunk> input, StageContext context) => Observable.Defer(() =>
    {
        var seen = 0;
        return input.Select(chunk => ++seen == Chunk ? throw new InvalidOperationException($"cannot digest chunk {seen}") : chunk);
    });
}

/// <summary>A hand-written stage whose subscriber lambda throws (no Select to catch it): the edge guard must.</summary>
[Stage("test.throw-raw", Description = "Test stage: throws from a raw subscriber callback.")]
public sealed class ThrowRawStage : IStage<SampleChunk, SampleChunk>
{
    public IObservable<SampleChunk> Apply(IObservable<SampleChunk> input, StageContext context) =>
        Observable.Create<SampleChunk>(observer => input.Subscribe(_ => throw new InvalidDataException("raw failure"), observer.OnError, observer.OnCompleted));
}

/// <summary>Collects what reaches it into a list its test can read (per pipeline object: tests run one at a time).</summary>
[Stage("test.collect", Description = "Test sink: keeps every chunk.")]
public sealed class CollectSink : ISink<SampleChunk>
{
    public static readonly AsyncLocal<List<SampleChunk>?> Target = new();

    public IObservable<Unit> Consume(IObservable<SampleChunk> input, StageContext context)
    {
        var target = Target.Value ?? throw new InvalidOperationException("set CollectSink.Target first");
        return Observable.Create<Unit>(observer => input.Subscribe(c =>
        {
            lock (target) target.Add(c);
        }, observer.OnError, observer.OnCompleted));
    }
}

/// <summary>Collects decoded outputs.</summary>
[Stage("test.collect-decoded", Description = "Test sink: keeps every decoded output.")]
public sealed class CollectDecodedSink : ISink<DecodedOutput>
{
    public static readonly AsyncLocal<List<DecodedOutput>?> Target = new();

    public IObservable<Unit> Consume(IObservable<DecodedOutput> input, StageContext context)
    {
        var target = Target.Value ?? throw new InvalidOperationException("set CollectDecodedSink.Target first");
        return Observable.Create<Unit>(observer => input.Subscribe(d =>
        {
            lock (target) target.Add(d);
        }, observer.OnError, observer.OnCompleted));
    }
}

/// <summary>Joins samples with markers (test of the two-input contract): passes samples, counts markers.</summary>
[Stage("test.join", Description = "Test stage with a markers port.")]
[SideInput("markers")]
public sealed class JoinStage : IStage<SampleChunk, MarkerEvent, SampleChunk>
{
    public IObservable<SampleChunk> Apply(IObservable<SampleChunk> input, IObservable<MarkerEvent> side, StageContext context) => input;
}

/// <summary>An option of every supported shape, for the binder's tests.</summary>
[Stage("test.options", Description = "Test stage with options of every type.")]
public sealed class OptionsStage : IStage<SampleChunk, SampleChunk>, IValidatingStage
{
    public enum Mode { CommonAverage, LinkedMastoids }

    [Option("low", Unit = "Hz")] public double Low { get; init; } = 1;
    [Option("high", Unit = "Hz")] public double High { get; init; } = 40;
    [Option("length", Unit = "s")] public double Length { get; init; } = 1;
    [Option("order")] public int Order { get; init; } = 4;
    [Option("enabled")] public bool Enabled { get; init; } = true;
    [Option("mode")] public Mode Reference { get; init; } = Mode.CommonAverage;
    [Option("channels")] public string[] Channels { get; init; } = [];
    [Option("harmonics", Unit = "Hz")] public IReadOnlyList<double> Harmonics { get; init; } = [];
    [Option("label", Required = true)] public string Label { get; init; } = "";

    public IEnumerable<string> Validate()
    {
        if (Low >= High) yield return $"low ({Low} Hz) must be below high ({High} Hz)";
    }

    public IObservable<SampleChunk> Apply(IObservable<SampleChunk> input, StageContext context) => input;
}
