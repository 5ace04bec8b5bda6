using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Bci.Audio.Output;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Audio.Stages;

/// <summary>
/// Plays a sound for each marker of a cue stream and emits an onset marker for it, stamped with the LSL time the
/// sound's first sample reaches the listener: time of the write plus the output's reported delay (buffer fill +
/// device delay) plus the sound's position in the written block. It is a stage (markers in, onset markers out)
/// rather than a sink because a sink cannot emit; put a marker sink (recording, LSL outlet, print) after it.
/// Sounds start at the next output period after the marker arrives. The stage completes after its input has
/// completed and every queued sound has been played.
/// </summary>
[Stage("audio.cue", Description = "Plays a sound per cue marker (tone or WAV per marker value) and emits onset markers stamped on the LSL clock, corrected by the output latency.")]
public sealed class AudioCueStage : AudioOutputStage, IStage<MarkerEvent, MarkerEvent>
{
    [Option("sounds", Description = "Per marker value: VALUE=tone:FREQ_HZ:SECONDS[:LEVEL_DBFS] or VALUE=file:PATH.wav; '*' matches any other value. Empty: every marker plays the default tone.")]
    public string[] Sounds { get; init; } = [];

    [Option("frequency", Unit = "Hz", Description = "Frequency of the default tone.")]
    public double Frequency { get; init; } = 880;

    [Option("duration", Unit = "s", Description = "Length of the default tone.")]
    public double Duration { get; init; } = 0.2;

    [Option("level", Unit = "dBFS", Description = "Level of tones (peak, dBFS) unless a sound gives its own.")]
    public double Level { get; init; } = -12;

    [Option("stream", Description = "Name of the emitted onset marker stream.")]
    public string Stream { get; init; } = "audio-onsets";

    public override IEnumerable<string> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        foreach (var entry in Sounds.Where(s => !s.Contains('=')))
            yield return $"sound '{entry}' must be VALUE=SOUND (e.g. T1=tone:440:0.3)";
        if (Level > 0) yield return $"level must be at most 0 dBFS, not {Level}";
        if (!(Duration > 0)) yield return "duration must be positive";
    }

    public IObservable<MarkerEvent> Apply(IObservable<MarkerEvent> input, StageContext context) => Observable.Create<MarkerEvent>(observer =>
    {
        var settings = Settings();
        var sounds = LoadSounds(settings.SampleRate, context);
        var player = OpenPlayer(context);
        var gate = new object();
        var outstanding = 0;
        var finished = false;
        var played = context.Health.Counter("cues");
        var latency = context.Health.Counter("latency", "ms");
        var underruns = context.Health.Counter("underruns");
        var subscription = new SerialDisposable();
        IDisposable? waiting = null;

        void Finish(Exception? error)
        {
            lock (gate)
            {
                if (finished) return;
                finished = true;
            }
            waiting?.Dispose();
            underruns.Set(player.Output.Underruns);
            context.Info($"{played.Value} cues to {player.Output.Device}; delay at writes up to {player.MaxDelay * 1000:0.0} ms, buffer {player.BufferLatency * 1000:0.0} ms, {player.Output.Underruns} underruns");
            player.Dispose();
            if (error is null) observer.OnCompleted();
            else observer.OnError(error);
        }

        void CompleteWhenPlayed()
        {
            // Poll on the run's scheduler (virtual time in tests) until the last sound has been written and heard.
            // Once nothing is left to play, the last sound's tail is heard within one buffer.
            double? heardBy = null;
            waiting = context.Scheduler.SchedulePeriodic(TimeSpan.FromSeconds(Period), () =>
            {
                bool nothingLeft;
                lock (gate) nothingLeft = outstanding == 0 && player.NothingQueued;
                if (!nothingLeft)
                {
                    heardBy = null;
                    return;
                }
                heardBy ??= context.Clock.Now + player.BufferLatency;
                if (context.Clock.Now >= heardBy) Finish(null);
            });
        }

        subscription.Disposable = input.Subscribe(marker =>
        {
            var sound = Match(sounds, marker.Value);
            if (sound is null) return;
            lock (gate) outstanding++;
            player.Play(sound.Play(), onset =>
            {
                lock (gate)
                {
                    outstanding--;
                    if (finished) return;
                    played.Increment();
                    latency.Set((long)Math.Round(player.LastDelay * 1000));
                    observer.OnNext(new MarkerEvent(marker.Value, onset, Stream) { Duration = sound.Duration });
                }
            });
        }, error => Finish(error), CompleteWhenPlayed);
        player.Start();
        return Disposable.Create(() =>
        {
            subscription.Dispose();
            lock (gate)
            {
                if (finished) return;
                finished = true;
            }
            waiting?.Dispose();
            player.Dispose();
        });
    });

    private Dictionary<string, CueSound> LoadSounds(int rate, StageContext context)
    {
        var sounds = new Dictionary<string, CueSound>(StringComparer.Ordinal);
        if (Sounds.Length == 0)
        {
            sounds["*"] = CueSound.Load($"tone:{Frequency}:{Duration}:{Level}", rate, context.ResolvePath, Level);
            return sounds;
        }
        foreach (var entry in Sounds)
        {
            var at = entry.IndexOf('=');
            sounds[entry[..at].Trim()] = CueSound.Load(entry[(at + 1)..], rate, context.ResolvePath, Level);
        }
        return sounds;
    }

    private static CueSound? Match(Dictionary<string, CueSound> sounds, string value) =>
        sounds.TryGetValue(value, out var sound) ? sound : sounds.GetValueOrDefault("*");
}
