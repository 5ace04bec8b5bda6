using System.Reactive;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Bci.Audio.Synthesis;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Audio.Stages;

/// <summary>
/// Sonifies a decoded control value for users who are not looking at a screen: the value (or one class's
/// probability) is mapped, clamped to [low, high], onto pitch (log scale between two frequencies) and/or loudness
/// (dB between two levels). The tone is phase-continuous and glides to each new value with the smoothing time
/// constant; the synthesiser takes the newest value once per output period (the update rate is 1 / period,
/// 100 Hz by default), so no sample moves by more than the bound <see cref="FeedbackSynth"/> states.
/// </summary>
[Stage("audio.feedback", Description = "Maps a decoded control value to the pitch and/or loudness of a continuous, phase-continuous tone (smoothed; updated once per output period).")]
public sealed class AudioFeedbackSink : AudioOutputStage, ISink<DecodedOutput>
{
    [Option("map", Description = "What the value drives: pitch, loudness or both.")]
    public FeedbackMapping Map { get; init; } = FeedbackMapping.Pitch;

    [Option("class", Description = "Use this class's probability instead of the control value (empty: the control value).")]
    public string Class { get; init; } = "";

    [Option("low", Description = "Control value mapped to the low end (values beyond are clamped).")]
    public double Low { get; init; } = -1;

    [Option("high", Description = "Control value mapped to the high end.")]
    public double High { get; init; } = 1;

    [Option("min-frequency", Unit = "Hz", Description = "Pitch at the low end.")]
    public double MinFrequency { get; init; } = 220;

    [Option("max-frequency", Unit = "Hz", Description = "Pitch at the high end.")]
    public double MaxFrequency { get; init; } = 880;

    [Option("min-level", Unit = "dBFS", Description = "Loudness at the low end.")]
    public double MinLevel { get; init; } = -40;

    [Option("max-level", Unit = "dBFS", Description = "Loudness at the high end (and the level when only pitch is mapped).")]
    public double MaxLevel { get; init; } = -12;

    [Option("smoothing", Unit = "s", Description = "Time constant of the glide to a new value.")]
    public double Smoothing { get; init; } = 0.05;

    public override IEnumerable<string> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        if (!(High > Low)) yield return $"high ({High}) must be above low ({Low})";
        if (!(MinFrequency > 0) || !(MaxFrequency < Rate / 2)) yield return $"frequencies must be in (0, {Rate / 2}) Hz";
        if (MinLevel > 0 || MaxLevel > 0) yield return "levels must be at most 0 dBFS";
        if (Smoothing < 0) yield return "smoothing cannot be negative";
    }

    /// <summary>Frequency and level for a control value, as the sink maps it.</summary>
    public (double Frequency, double LevelDbfs) MapValue(double value)
    {
        var x = Math.Clamp((value - Low) / (High - Low), 0, 1);
        if (double.IsNaN(x)) x = 0;
        var frequency = Map == FeedbackMapping.Loudness ? MinFrequency : MinFrequency * Math.Pow(MaxFrequency / MinFrequency, x);
        var level = Map == FeedbackMapping.Pitch ? MaxLevel : MinLevel + (MaxLevel - MinLevel) * x;
        return (frequency, level);
    }

    public IObservable<Unit> Consume(IObservable<DecodedOutput> input, StageContext context) => Observable.Create<Unit>(observer =>
    {
        var player = OpenPlayer(context);
        var (frequency, level) = MapValue(Low);
        var synth = new FeedbackSynth(player.Output.SampleRate, 1, frequency, Map == FeedbackMapping.Pitch ? level : -120, Smoothing);
        player.Play(synth);
        var updates = context.Health.Counter("updates");
        var skipped = context.Health.Counter("no-value");
        player.Start();
        var subscription = input.Subscribe(output =>
        {
            double? value = Class.Length == 0 ? output.Control : ProbabilityOf(output, Class);
            if (value is not { } v || double.IsNaN(v))
            {
                skipped.Increment();
                return;
            }
            var (f, l) = MapValue(v);
            synth.SetTarget(f, l);
            updates.Increment();
        }, error =>
        {
            player.Dispose();
            observer.OnError(error);
        }, () =>
        {
            context.Info($"{updates.Value} feedback updates to {player.Output.Device}; {player.Output.Underruns} underruns");
            player.Dispose();
            observer.OnCompleted();
        });
        return Disposable.Create(() =>
        {
            subscription.Dispose();
            player.Dispose();
        });
    });

    private static double? ProbabilityOf(DecodedOutput output, string name)
    {
        var index = output.Classes.IndexOf(name);
        return index < 0 ? null : output.Probabilities[index];
    }
}
