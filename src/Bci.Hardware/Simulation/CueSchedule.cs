namespace Bci.Hardware.Simulation;

/// <summary>
/// The cues of a simulated session, fixed by the settings and seed so that the signal source and the marker source
/// (two separate pipeline nodes) produce the same session. Motor imagery: T1 (left hand) and T2 (right hand) in
/// shuffled balanced pairs, each followed by <see cref="SimulationSettings.Imagery"/> seconds of imagery and a
/// random pause. Visual: stimuli in shuffled rounds of the whole set. Rest: none.
/// </summary>
public static class CueSchedule
{
    public const string LeftHand = "T1";
    public const string RightHand = "T2";

    /// <summary>The cues in onset order; endless (take what the session's duration needs).</summary>
    public static IEnumerable<Cue> Cues(SimulationSettings settings)
    {
        var random = Xoshiro.For(settings.Seed, "cues");
        var t = settings.FirstCue;
        switch (settings.Paradigm)
        {
            case Paradigm.MotorImagery:
                while (true)
                {
                    var first = random.NextDouble() < 0.5 ? LeftHand : RightHand;
                    foreach (var value in new[] { first, first == LeftHand ? RightHand : LeftHand })
                    {
                        yield return new Cue(t, value, settings.Imagery);
                        t += settings.Imagery + random.Uniform(settings.RestMin, settings.RestMax);
                    }
                }
            case Paradigm.Visual:
                var stimuli = settings.Stimuli ?? StimulusSet.Synthetic(seed: settings.Seed);
                var order = Enumerable.Range(0, stimuli.Count).ToArray();
                while (true)
                {
                    for (var i = order.Length - 1; i > 0; i--)
                    {
                        var j = random.Next(i + 1);
                        (order[i], order[j]) = (order[j], order[i]);
                    }
                    foreach (var index in order)
                    {
                        yield return new Cue(t, stimuli.Names[index], 0.5, index);
                        t += settings.StimulusInterval + random.Uniform(0, settings.StimulusJitter);
                    }
                }
            default:
                yield break;
        }
    }
}
