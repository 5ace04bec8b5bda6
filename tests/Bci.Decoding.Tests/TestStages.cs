using System.Reactive;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Decoding.Tests;

/// <summary>Emits synthetic motor-imagery windows (see <see cref="SyntheticEpochs"/>) locked to "left"/"right" markers.</summary>
[Stage("test.mi-windows", Description = "Test source: synthetic labelled windows.")]
public sealed class MiWindowSource : ISource<SignalWindow>
{
    [Option("count")]
    public int Count { get; init; } = 10;

    [Option("channels")]
    public int Channels { get; init; } = 4;

    [Option("rate")]
    public double Rate { get; init; } = 128;

    [Option("seed")]
    public int Seed { get; init; } = 99;

    public IObservable<SignalWindow> Open(StageContext context) => Observable.Defer(() =>
    {
        var random = new Random(Seed);
        var stream = SyntheticEpochs.Stream(Channels, Rate);
        return Enumerable.Range(0, Count).Select(i =>
        {
            var label = i % 2;
            return SyntheticEpochs.ToWindow(SyntheticEpochs.Window(random, label, Channels, 128, Rate), stream, 128, i * 2.0, SyntheticEpochs.Classes[label]);
        }).ToObservable();
    });
}

/// <summary>Keeps every decoded output for the test that set <see cref="Target"/>.</summary>
[Stage("test.keep-decoded", Description = "Test sink: keeps decoded outputs.")]
public sealed class KeepDecodedSink : ISink<DecodedOutput>
{
    public static readonly AsyncLocal<List<DecodedOutput>?> Target = new();

    public IObservable<Unit> Consume(IObservable<DecodedOutput> input, StageContext context)
    {
        var target = Target.Value ?? throw new InvalidOperationException("set KeepDecodedSink.Target first");
        return Observable.Create<Unit>(observer => input.Subscribe(d =>
        {
            lock (target) target.Add(d);
        }, observer.OnError, observer.OnCompleted));
    }
}

/// <summary>The first signal stream of a recording file, read through Bci.Recording, all at once.</summary>
[Stage("test.recording", Description = "Test source: a recording's samples.")]
public sealed class RecordingSamplesSource : ISource<SampleChunk>
{
    [Option("path")]
    public string Path { get; init; } = "";

    public IObservable<SampleChunk> Open(StageContext context) =>
        Observable.Defer(() => Bci.Recording.RecordingReader.Open(Path).SignalStreams.First().ReadChunks().ToObservable());
}

/// <summary>Every marker of a recording file. List it after the samples source: the runner connects it first.</summary>
[Stage("test.recording-markers", Description = "Test source: a recording's markers.")]
public sealed class RecordingMarkersSource : ISource<MarkerEvent>
{
    [Option("path")]
    public string Path { get; init; } = "";

    public IObservable<MarkerEvent> Open(StageContext context) =>
        Observable.Defer(() => Bci.Recording.RecordingReader.Open(Path).ReadAllMarkers().ToObservable());
}
