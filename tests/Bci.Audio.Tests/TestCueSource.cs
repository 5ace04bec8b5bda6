using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Audio.Tests;

/// <summary>A marker source for pipeline tests: emits each value at its time (seconds after the source opens), stamped on the run's clock.</summary>
[Stage("test.cues", Description = "Test markers at given times.")]
public sealed class TestCueSource : ISource<MarkerEvent>
{
    [Option("times", Unit = "s", Description = "When each marker is sent.")]
    public double[] Times { get; init; } = [];

    [Option("values", Description = "Marker values.")]
    public string[] Values { get; init; } = [];

    public IObservable<MarkerEvent> Open(StageContext context) => Observable.Create<MarkerEvent>(observer =>
    {
        var origin = context.Scheduler.Now;
        var index = 0;
        return context.Scheduler.Schedule(origin + TimeSpan.FromSeconds(Times.FirstOrDefault()), (Action<DateTimeOffset> self) =>
        {
            if (index >= Times.Length || context.Stopping.IsCancellationRequested)
            {
                observer.OnCompleted();
                return;
            }
            observer.OnNext(new MarkerEvent(Values[index], context.Clock.Now, "cues"));
            index++;
            self(origin + TimeSpan.FromSeconds(index < Times.Length ? Times[index] : Times[^1] + 0.1));
        });
    });
}
