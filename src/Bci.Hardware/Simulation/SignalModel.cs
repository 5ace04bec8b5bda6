using Bci.Hardware.Profiles;

namespace Bci.Hardware.Simulation;

/// <summary>
/// Generates a device's signal sample by sample, in SI units: per channel a 1/f background, a 1/f component common
/// to all channels, slow drift and a constant offset, mains pick-up; cortical rhythms projected through
/// <see cref="SpatialLayout"/> (occipital alpha, left and right sensorimotor mu and beta); during motor imagery
/// the contralateral mu/beta amplitude drops (ERD); after a visual stimulus its latent-shaped evoked response
/// (<see cref="ErpModel"/>). Sequential and seeded: the same settings give the same samples whatever the chunking.
/// </summary>
public sealed class SignalModel
{
    private readonly SimulationSettings _settings;
    private readonly SpatialLayout _layout;
    private readonly int _channels;
    private readonly double[] _scale;
    private readonly PinkNoise[] _background;
    private readonly PinkNoise _common;
    private readonly double[] _offset;
    private readonly double[] _drift;
    private readonly Xoshiro _driftNoise;
    private readonly double _driftA;
    private readonly double _driftB;
    private readonly double[] _lineSin;
    private readonly double[] _lineCos;
    private readonly Resonator _alpha;
    private readonly Resonator _muLeft, _muRight, _betaLeft, _betaRight;
    private readonly IEnumerator<Cue> _cues;
    private readonly Xoshiro _trialRandom;
    private readonly List<ActiveCue> _active = [];
    private readonly StimulusSet _stimuli;
    private Cue? _next;

    private sealed record ActiveCue(Cue Cue, double Depth, double[]? ErpAmplitudes);

    public SignalModel(DeviceProfile profile, SimulationSettings settings)
    {
        _settings = settings;
        Rate = settings.Rate ?? profile.NominalRate;
        _layout = new SpatialLayout(profile);
        _channels = profile.ChannelCount;
        var seed = settings.Seed;
        _scale = profile.Channels.Select(c => c.Type switch
        {
            "MAG" => 2e-14,     // 1 model unit = 20 fT: a 10-unit rhythm is 200 fT
            "GRAD" => 4e-13,    // 1 model unit = 4 fT/cm
            "TRIG" or "MISC" => 0.0,
            _ => 1e-6,          // microvolts
        }).ToArray();
        _background = Enumerable.Range(0, _channels).Select(c => new PinkNoise(Rate, Xoshiro.For(seed, "background", c))).ToArray();
        _common = new PinkNoise(Rate, Xoshiro.For(seed, "common"));
        var setup = Xoshiro.For(seed, "setup");
        _offset = Enumerable.Range(0, _channels).Select(_ => settings.Offset * setup.NextGaussian()).ToArray();
        var phase = setup.Uniform(0, 2 * Math.PI);
        _lineSin = new double[_channels];
        _lineCos = new double[_channels];
        for (var c = 0; c < _channels; c++)
        {
            var amplitude = settings.Line * setup.Uniform(0.5, 1.5);
            var p = phase + setup.Uniform(-0.3, 0.3);
            _lineSin[c] = amplitude * Math.Cos(p);
            _lineCos[c] = amplitude * Math.Sin(p);
        }
        // Drift: a one-pole low-pass (0.05 Hz) of white noise scaled to the drift RMS, starting stationary.
        _driftNoise = Xoshiro.For(seed, "drift");
        _driftA = Math.Exp(-2 * Math.PI * 0.05 / Rate);
        _driftB = settings.Drift * Math.Sqrt(1 - _driftA * _driftA);
        _drift = Enumerable.Range(0, _channels).Select(_ => settings.Drift * _driftNoise.NextGaussian()).ToArray();

        var individual = Xoshiro.For(seed, "rhythms");
        AlphaFrequency = individual.Uniform(9.5, 11);
        MuFrequency = individual.Uniform(10, 12.5);
        BetaFrequency = individual.Uniform(18, 24);
        _alpha = new Resonator(AlphaFrequency, 1.5, Rate, Xoshiro.For(seed, "alpha"));
        _muLeft = new Resonator(MuFrequency, 1.5, Rate, Xoshiro.For(seed, "mu-left"));
        _muRight = new Resonator(MuFrequency, 1.5, Rate, Xoshiro.For(seed, "mu-right"));
        _betaLeft = new Resonator(BetaFrequency, 3, Rate, Xoshiro.For(seed, "beta-left"));
        _betaRight = new Resonator(BetaFrequency, 3, Rate, Xoshiro.For(seed, "beta-right"));

        _stimuli = settings.Stimuli ?? StimulusSet.Synthetic(seed: seed);
        _cues = CueSchedule.Cues(settings with { Stimuli = _stimuli }).GetEnumerator();
        _next = _cues.MoveNext() ? _cues.Current : null;
        _trialRandom = Xoshiro.For(seed, "trials");
    }

    public double Rate { get; }
    public int ChannelCount => _channels;
    public long SamplesProduced { get; private set; }
    public double AlphaFrequency { get; }
    public double MuFrequency { get; }
    public double BetaFrequency { get; }
    public SpatialLayout Layout => _layout;

    /// <summary>Writes the next <paramref name="count"/> samples, sample-major, into <paramref name="destination"/>.</summary>
    public void Generate(Span<double> destination, int count)
    {
        if (destination.Length < count * _channels) throw new ArgumentException("destination too short", nameof(destination));
        var s = _settings;
        var lineStep = 2 * Math.PI * s.LineFrequency / Rate;
        Span<double> erp = stackalloc double[ErpModel.Components.Count];
        for (var n = 0; n < count; n++)
        {
            var index = SamplesProduced + n;
            var t = index / Rate;
            UpdateCues(t);

            // ERD factors: T1 (left hand) suppresses the right hemisphere, T2 the left; the ipsilateral side a fifth as much.
            double left = 1, right = 1;
            erp.Clear();
            foreach (var active in _active)
            {
                var since = t - active.Cue.Onset;
                if (active.ErpAmplitudes is { } amplitudes)
                {
                    for (var k = 0; k < erp.Length; k++) erp[k] += amplitudes[k] * ErpModel.Shape(k, since);
                    continue;
                }
                var w = Envelope(since, active.Cue.Duration) * active.Depth;
                var contralateral = 1 - w;
                var ipsilateral = 1 - 0.2 * w;
                if (active.Cue.Value == CueSchedule.LeftHand) { right *= contralateral; left *= ipsilateral; }
                else { left *= contralateral; right *= ipsilateral; }
            }

            var alpha = s.Alpha * _alpha.Next();
            var muLeft = left * (s.Mu * _muLeft.Next() + s.Beta * _betaLeft.Next());
            var muRight = right * (s.Mu * _muRight.Next() + s.Beta * _betaRight.Next());
            var common = s.Common * _common.Next();
            var lineS = Math.Sin(lineStep * index);
            var lineC = Math.Cos(lineStep * index);

            var row = destination.Slice(n * _channels, _channels);
            for (var c = 0; c < _channels; c++)
            {
                if (_scale[c] == 0)
                {
                    row[c] = 0;
                    continue;
                }
                _drift[c] = _driftA * _drift[c] + _driftB * _driftNoise.NextGaussian();
                var v = s.Background * _background[c].Next() + common + _offset[c] + _drift[c]
                        + _lineSin[c] * lineS + _lineCos[c] * lineC
                        + _layout.Occipital[c] * alpha + _layout.LeftMotor[c] * muLeft + _layout.RightMotor[c] * muRight;
                for (var k = 0; k < erp.Length; k++)
                    if (erp[k] != 0) v += _layout.Erp[k][c] * erp[k];
                row[c] = v * _scale[c];
            }
        }
        SamplesProduced += count;
    }

    /// <summary>0 before imagery starts (0.3 s after the cue), a 0.5 s raised-cosine rise, 1 until the end, a 0.5 s fall.</summary>
    private static double Envelope(double since, double duration)
    {
        const double delay = 0.3, ramp = 0.5;
        if (since < delay || since > duration + ramp) return 0;
        if (since < delay + ramp) return 0.5 - 0.5 * Math.Cos(Math.PI * (since - delay) / ramp);
        if (since <= duration) return 1;
        return 0.5 + 0.5 * Math.Cos(Math.PI * (since - duration) / ramp);
    }

    private void UpdateCues(double t)
    {
        while (_next is not null && _next.Onset <= t)
        {
            var cue = _next;
            if (cue.Stimulus >= 0)
                _active.Add(new ActiveCue(cue, 0, ErpModel.Amplitudes(_stimuli.Latent(cue.Stimulus), _settings.ErpGain)));
            else
            {
                // Each trial's depth varies by +-50 %; in a lapse the person does not imagine at all.
                var lapse = _trialRandom.NextDouble() < _settings.Lapses;
                var depth = lapse ? 0 : Math.Clamp(_settings.ErdDepth * _trialRandom.Uniform(0.5, 1.5), 0, 1);
                _active.Add(new ActiveCue(cue, depth, null));
            }
            _next = _cues.MoveNext() ? _cues.Current : null;
        }
        _active.RemoveAll(a => t - a.Cue.Onset > (a.ErpAmplitudes is null ? a.Cue.Duration + 1 : ErpModel.Length));
    }
}
