using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Hardware.Simulation;

namespace Bci.Hardware.Stages;

/// <summary>
/// A simulated device as a pipeline source: the profile's channels with a realistic signal (1/f background, alpha,
/// mu/beta with motor-imagery ERD, visual evoked responses, line noise, drift) and optional faults. Its cues come
/// from `simulate.markers` with the same options. Counts what its faults removed (dropped-samples,
/// disconnected-samples, disconnects) so a run's summary shows them beside what downstream stages saw.
/// </summary>
[Stage("simulate", Description = "Simulated EEG/MEG device from a profile (hardware/*.json): motor imagery, visual or rest, with optional faults; seeded and deterministic.")]
public sealed class SimulateSource : SimulationOptions, ISource<SampleChunk>
{
    [Option("chunk", Unit = "samples", Description = "Samples per emitted chunk; 0 = about 20 ms worth.")]
    public int Chunk { get; init; }

    public override IEnumerable<string> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        if (Chunk < 0) yield return "chunk cannot be negative";
    }

    public IObservable<SampleChunk> Open(StageContext context) => Observable.Create<SampleChunk>(observer =>
    {
        var profile = LoadProfile(context);
        var device = new SimulatedDevice(profile, Settings(), StreamName(profile));
        var rate = device.Rate;
        var chunk = Chunk > 0 ? Chunk : Math.Max(1, (int)Math.Round(rate * 0.02));
        var total = Duration > 0 ? (long)Math.Round(Duration * rate) : long.MaxValue;
        var origin = context.Clock.Now;
        var dropped = context.Health.Counter("dropped-samples");
        var disconnectedSamples = context.Health.Counter("disconnected-samples");
        var disconnects = context.Health.Counter("disconnects");
        context.Info($"simulating {profile.Id} ({device.Stream.ChannelCount} ch, {rate} Hz, {Paradigm.ToString().ToLowerInvariant()}, seed {Seed}) as '{device.Stream.Name}'");

        bool EmitNext()
        {
            if (context.Stopping.IsCancellationRequested || device.SamplesGenerated >= total)
            {
                observer.OnCompleted();
                return false;
            }
            var count = (int)Math.Min(chunk, total - device.SamplesGenerated);
            var block = device.Next(count, origin);
            if (block.DisconnectedAt is { } off) context.Warn($"simulated device '{device.Stream.Name}' disconnected at {off:0.00} s");
            if (block.ReconnectedAt is { } on) context.Info($"simulated device '{device.Stream.Name}' reconnected at {on:0.00} s");
            dropped.Set(device.DroppedSamples);
            disconnectedSamples.Set(device.DisconnectedSamples);
            disconnects.Set(device.Disconnects);
            if (block.Chunk is { } c) observer.OnNext(c);
            return true;
        }

        var scheduler = context.Scheduler;
        if (Pace == SimulationPace.Max)
            return scheduler.Schedule(self =>
            {
                if (EmitNext()) self();
            });

        var start = scheduler.Now;
        var emitted = 0L;
        void Tick(Action<DateTimeOffset> self)
        {
            if (!EmitNext()) return;
            emitted++;
            // Absolute due times (start + k chunks): pacing does not drift with scheduling delays.
            self(start + TimeSpan.FromSeconds((emitted + 1) * chunk / rate));
        }
        return scheduler.Schedule(start + TimeSpan.FromSeconds(chunk / rate), Tick);
    });
}
