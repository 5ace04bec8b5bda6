using Bci.Core.Stages;
using Bci.Hardware.Profiles;
using Bci.Hardware.Simulation;

namespace Bci.Hardware.Stages;

/// <summary>
/// The options `simulate` and `simulate.markers` share: give both the same values (profile, paradigm, seed, timing)
/// and they describe the same session, the signal on one node and its cues on the other.
/// </summary>
public abstract class SimulationOptions : IValidatingStage
{
    [Option("profile", Description = "Device profile to simulate: a path to hardware/X.json (relative to the pipeline file) or its id.")]
    public string Profile { get; init; } = "openbci-cyton-8";

    [Option("paradigm", Description = "What the simulated person does: motor-imagery (cues T1 left hand, T2 right hand), visual (images), rest.")]
    public Paradigm Paradigm { get; init; } = Paradigm.MotorImagery;

    [Option("seed", Description = "Seed of everything random: the same seed gives the same session.")]
    public int Seed { get; init; } = 1;

    [Option("rate", Unit = "Hz", Description = "Sampling rate; 0 = the profile's nominal rate.")]
    public double Rate { get; init; }

    [Option("duration", Unit = "s", Description = "Length of the session; 0 runs until the pipeline stops.")]
    public double Duration { get; init; }

    [Option("pace", Description = "realtime: emit as a device would; max: as fast as consumed (needs a duration).")]
    public SimulationPace Pace { get; init; } = SimulationPace.Realtime;

    [Option("name", Description = "Stream name; default: the vendor app's LSL name from the profile.")]
    public string Name { get; init; } = "";

    [Option("erd", Description = "Motor imagery: fractional drop of the contralateral mu/beta amplitude (0..1).")]
    public double Erd { get; init; } = 0.4;

    [Option("lapses", Description = "Motor imagery: fraction of trials the simulated person does not imagine.")]
    public double Lapses { get; init; } = 0.1;

    [Option("imagery", Unit = "s", Description = "Motor imagery: length of each imagery period after its cue.")]
    public double Imagery { get; init; } = 4;

    [Option("rest", Unit = "s", Description = "Motor imagery: shortest pause between trials (the longest is 1 s more).")]
    public double Rest { get; init; } = 2;

    [Option("first-cue", Unit = "s", Description = "Time before the first cue.")]
    public double FirstCue { get; init; } = 2;

    [Option("line-frequency", Unit = "Hz", Description = "Mains frequency of the line-noise pick-up (50 or 60 Hz).")]
    public double LineFrequency { get; init; } = 50;

    [Option("dropouts", Description = "Fault: average number of dropouts per minute.")]
    public double Dropouts { get; init; }

    [Option("dropout-length", Unit = "samples", Description = "Fault: samples lost per dropout.")]
    public int DropoutLength { get; init; } = 25;

    [Option("jitter", Unit = "s", Description = "Fault: standard deviation of the timestamp jitter.")]
    public double Jitter { get; init; }

    [Option("disconnect-at", Unit = "s", Description = "Fault: the device disconnects this long after the start (0 = never).")]
    public double DisconnectAt { get; init; }

    [Option("disconnect-for", Unit = "s", Description = "Fault: how long the device stays disconnected.")]
    public double DisconnectFor { get; init; } = 2;

    [Option("clock-drift", Description = "Fault: the device clock's drift against the LSL clock, parts per million.")]
    public double ClockDrift { get; init; }

    public SimulationSettings Settings() => new()
    {
        Paradigm = Paradigm,
        Seed = Seed,
        Rate = Rate > 0 ? Rate : null,
        ErdDepth = Erd,
        Lapses = Lapses,
        Imagery = Imagery,
        RestMin = Rest,
        RestMax = Rest + 1,
        FirstCue = FirstCue,
        LineFrequency = LineFrequency,
        Faults = new FaultSettings
        {
            DropoutsPerMinute = Dropouts,
            DropoutLength = DropoutLength,
            Jitter = Jitter,
            DisconnectAt = DisconnectAt,
            DisconnectFor = DisconnectFor,
            ClockDriftPpm = ClockDrift,
        },
    };

    public virtual IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Profile)) yield return "profile is required";
        if (Rate < 0) yield return "rate cannot be negative";
        if (Duration < 0) yield return "duration cannot be negative";
        if (Pace == SimulationPace.Max && Duration == 0) yield return "pace: max needs a duration, or it would flood the pipeline forever";
        foreach (var problem in Settings().Validate()) yield return problem;
    }

    /// <summary>The profile, resolved against the pipeline file's folder.</summary>
    protected DeviceProfile LoadProfile(StageContext context) => ProfileDirectory.Load(Profile, context.BaseDirectory);

    protected string StreamName(DeviceProfile profile) => Name.Length > 0 ? Name : profile.Lsl.ConcreteName();
}
