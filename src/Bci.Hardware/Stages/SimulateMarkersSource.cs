using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Hardware.Simulation;

namespace Bci.Hardware.Stages;

/// <summary>
/// The cues of a simulated session (T1/T2 for motor imagery, stimulus names for visual), each emitted at its onset
/// and stamped with the LSL time of that onset. Give it the same options as its `simulate` node.
/// </summary>
[Stage("simulate.markers", Description = "Cue markers of a simulated session (T1 left hand / T2 right hand, or stimulus names); use the same options as its simulate node.")]
public sealed class SimulateMarkersSource : SimulationOptions, ISource<MarkerEvent>
{
    /// <summary>Onsets this close to the scheduler's time count as due (a scheduler tick is 100 ns).</summary>
    private const double Tolerance = 1e-6;

    public IObservable<MarkerEvent> Open(StageContext context) => Observable.Create<MarkerEvent>(observer =>
    {
        var profile = LoadProfile(context);
        var name = StreamName(profile) + "-markers";
        var origin = context.Clock.Now;
        var end = Duration > 0 ? Duration : double.PositiveInfinity;
        var cues = CueSchedule.Cues(Settings()).TakeWhile(c => c.Onset < end).GetEnumerator();
        var scheduler = context.Scheduler;
        var start = scheduler.Now;

        void Complete()
        {
            cues.Dispose();
            observer.OnCompleted();
        }

        if (Pace == SimulationPace.Max)
            return scheduler.Schedule(self =>
            {
                if (context.Stopping.IsCancellationRequested || !cues.MoveNext())
                {
                    Complete();
                    return;
                }
                observer.OnNext(new MarkerEvent(cues.Current.Value, origin + cues.Current.Onset, name) { Duration = cues.Current.Duration });
                self();
            });

        // Realtime: wake at each onset; check the stop signal at least every 100 ms so a stop completes promptly.
        Cue? pending = cues.MoveNext() ? cues.Current : null;
        void Tick(Action<DateTimeOffset> self)
        {
            if (context.Stopping.IsCancellationRequested)
            {
                Complete();
                return;
            }
            var now = (scheduler.Now - start).TotalSeconds;
            while (pending is not null && pending.Onset <= now + Tolerance)
            {
                observer.OnNext(new MarkerEvent(pending.Value, origin + pending.Onset, name) { Duration = pending.Duration });
                pending = cues.MoveNext() ? cues.Current : null;
            }
            if (pending is null && now >= end - Tolerance)
            {
                Complete(); // the session is over: complete together with the signal
                return;
            }
            var wake = Math.Min(pending?.Onset ?? end, now + 0.1);
            // Round the wake-up up to a whole tick so it never lands just before the onset it waits for.
            self(start + TimeSpan.FromTicks((long)Math.Ceiling(wake * TimeSpan.TicksPerSecond)));
        }
        return scheduler.Schedule(start, Tick);
    });
}
