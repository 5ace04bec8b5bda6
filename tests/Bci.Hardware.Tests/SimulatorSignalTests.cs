using Bci.Hardware.Simulation;

namespace Bci.Hardware.Tests;

public sealed class SimulatorSignalTests
{
    private static double[] Generate(string profile, SimulationSettings settings, double seconds, out SignalModel model)
    {
        model = new SignalModel(HardwareTestKit.Profile(profile), settings);
        var n = (int)(seconds * model.Rate);
        var values = new double[n * model.ChannelCount];
        model.Generate(values, n);
        return values;
    }

    [Fact]
    public void TheSameSeed_GivesTheSameSamples_WhateverTheChunking_AndAnotherSeedDoesNot()
    {
        var profile = HardwareTestKit.Profile("openbci-cyton-8");
        var settings = new SimulationSettings { Seed = 7 };
        var whole = new double[1000 * 8];
        new SignalModel(profile, settings).Generate(whole, 1000);
        var pieces = new double[1000 * 8];
        var chunked = new SignalModel(profile, settings);
        for (var done = 0; done < 1000; done += 7)
        {
            var count = Math.Min(7, 1000 - done);
            chunked.Generate(pieces.AsSpan(done * 8), count);
        }
        Assert.Equal(whole, pieces);
        var other = new double[1000 * 8];
        new SignalModel(profile, settings with { Seed = 8 }).Generate(other, 1000);
        Assert.NotEqual(whole, other);
    }

    [Fact]
    public void Background_Is1OverF_SlopeNearMinusOne()
    {
        var settings = new SimulationSettings { Paradigm = Paradigm.Rest, Alpha = 0, Mu = 0, Beta = 0, Line = 0, Drift = 0, Offset = 0, Common = 0 };
        var values = Generate("openbci-cyton-8", settings, 120, out var model);
        var x = Spectra.Channel(values, 8, 0);
        var low = Spectra.BandPower(x, model.Rate, 3, 5);
        var high = Spectra.BandPower(x, model.Rate, 30, 34);
        var slope = Math.Log(high / low) / Math.Log(32.0 / 4.0);
        Assert.InRange(slope, -1.3, -0.7);
        var rms = Math.Sqrt(x.Average(v => v * v));
        Assert.InRange(rms, 6e-6, 10e-6); // background 8 uV RMS
    }

    [Fact]
    public void Alpha_IsStrongestOverOccipitalChannels_AndLineNoisePeaksAtTheMainsFrequency()
    {
        var values = Generate("openbci-cyton-8", new SimulationSettings { Paradigm = Paradigm.Rest, LineFrequency = 60 }, 60, out var model);
        var profile = HardwareTestKit.Profile("openbci-cyton-8");
        double Alpha(string label) => Spectra.BandPower(Spectra.Channel(values, 8, profile.IndexOf(label)), model.Rate, model.AlphaFrequency - 1, model.AlphaFrequency + 1);
        Assert.True(Alpha("O1") > 3 * Alpha("Fp1"), $"alpha O1 {Alpha("O1"):E2} vs Fp1 {Alpha("Fp1"):E2}");
        var fp1 = Spectra.Channel(values, 8, profile.IndexOf("Fp1"));
        var line = Spectra.BandPower(fp1, model.Rate, 59.5, 60.5);
        var beside = Spectra.BandPower(fp1, model.Rate, 55, 58);
        Assert.True(line > 10 * beside, $"60 Hz {line:E2} vs 55-58 Hz {beside:E2}");
    }

    [Fact]
    public void MotorImagery_DesynchronisesTheContralateralMuBeta_MeasurableAsC3VersusC4BandPowerByClass()
    {
        var profile = HardwareTestKit.Profile("openbci-cyton-8");
        var settings = new SimulationSettings { Seed = 3 };
        var model = new SignalModel(profile, settings);
        var rate = model.Rate;
        var cues = CueSchedule.Cues(settings).Take(40).ToList();
        var n = (int)((cues[^1].End + 1) * rate);
        var values = new double[n * 8];
        model.Generate(values, n);
        int c3 = profile.IndexOf("C3"), c4 = profile.IndexOf("C4");

        // Lateralisation per trial: log power ratio C4/C3 in 8-30 Hz over 1..4 s after the cue.
        var lateral = new List<(string Cls, double Index)>();
        foreach (var cue in cues)
        {
            var from = (int)((cue.Onset + 1) * rate);
            var count = (int)(3 * rate);
            double P(int ch) => Spectra.BandPower(Spectra.Channel(values, 8, ch, from, count), rate, 8, 30, (int)rate);
            lateral.Add((cue.Value, Math.Log(P(c4) / P(c3))));
        }
        var left = lateral.Where(l => l.Cls == CueSchedule.LeftHand).Select(l => l.Index).ToArray();
        var right = lateral.Where(l => l.Cls == CueSchedule.RightHand).Select(l => l.Index).ToArray();
        Assert.Equal(20, left.Length); // balanced pairs

        // Left-hand imagery suppresses C4 (right hemisphere): its C4/C3 ratio is lower than for right-hand imagery.
        var t = (right.Average() - left.Average()) / Math.Sqrt(Variance(left) / left.Length + Variance(right) / right.Length);
        Assert.True(t > 4, $"Welch t = {t:0.00} (left mean {left.Average():0.000}, right mean {right.Average():0.000})");
        var threshold = (left.Average() + right.Average()) / 2;
        var correct = left.Count(x => x < threshold) + right.Count(x => x > threshold);
        Assert.True(correct >= 30, $"{correct}/40 trials classified by the sign of the lateralisation");

        // Rest between trials shows no lateralisation: the same index before the cues is centred near 0 difference.
        var baseline = cues.Select(cue => Math.Log(
            Spectra.BandPower(Spectra.Channel(values, 8, c4, (int)((cue.Onset - 1.5) * rate), (int)rate), rate, 8, 30, (int)rate) /
            Spectra.BandPower(Spectra.Channel(values, 8, c3, (int)((cue.Onset - 1.5) * rate), (int)rate), rate, 8, 30, (int)rate))).ToArray();
        Assert.True(Math.Abs(baseline.Average()) < 0.5 * (right.Average() - left.Average()) + 0.2);
    }

    private static double Variance(double[] x)
    {
        var mean = x.Average();
        return x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1);
    }

    [Fact]
    public void VisualStimuli_EvokeTheResponseTheirLatentPredicts_AtOccipitalChannels()
    {
        var profile = HardwareTestKit.Profile("brainproducts-actichamp-32");
        var stimuli = StimulusSet.Synthetic(count: 2, dimension: 16, seed: 5);
        var settings = new SimulationSettings { Paradigm = Paradigm.Visual, Seed = 5, Rate = 250, Stimuli = stimuli, Background = 4, Alpha = 4, Drift = 0, Offset = 0 };
        var model = new SignalModel(profile, settings);
        var rate = model.Rate;
        var cues = CueSchedule.Cues(settings).Take(300).ToList();
        var n = (int)((cues[^1].Onset + 1) * rate);
        var values = new double[n * profile.ChannelCount];
        model.Generate(values, n);
        var length = (int)(0.6 * rate);
        var sites = new[] { "O1", "Oz", "O2", "P7", "P8", "Pz" }.Select(profile.IndexOf).ToArray();

        // Averages and predictions of the occipito-parietal channels, concatenated.
        double[] Average(int stimulus) => sites.SelectMany(ch => AverageAt(stimulus, ch)).ToArray();
        double[] Predicted(int stimulus) => sites.SelectMany(ch => PredictedAt(stimulus, ch)).ToArray();

        double[] AverageAt(int stimulus, int oz)
        {
            // Each epoch is detrended through the means of [-0.1, 0] s and [0.7, 0.8] s, where the response is ~0:
            // the 1/f background wanders more than an ERP's size within a second.
            var sum = new double[length];
            var trials = cues.Where(c => c.Stimulus == stimulus).ToList();
            var edge = (int)(0.1 * rate);
            foreach (var cue in trials)
            {
                var start = (int)Math.Round(cue.Onset * rate);
                var x = Spectra.Channel(values, profile.ChannelCount, oz, start - edge, (int)(0.9 * rate));
                var before = x.Take(edge).Average();
                var after = x.Skip((int)(0.8 * rate)).Take(edge).Average();
                for (var i = 0; i < length; i++)
                {
                    var t = i / rate;
                    var trend = before + (after - before) * (t + 0.05) / 0.8;   // line through the two window centres
                    sum[i] += (x[i + edge] - trend) / trials.Count;
                }
            }
            return sum;
        }

        double[] PredictedAt(int stimulus, int oz)
        {
            var amplitudes = ErpModel.Amplitudes(stimuli.Latent(stimulus), settings.ErpGain);
            return Enumerable.Range(0, length).Select(i => Enumerable.Range(0, amplitudes.Length)
                .Sum(k => amplitudes[k] * ErpModel.Shape(k, i / rate) * model.Layout.Erp[k][oz]) * 1e-6).ToArray();
        }

        var a0 = Average(0);
        var a1 = Average(1);
        Assert.True(Correlation(a0, Predicted(0)) > 0.85, $"stimulus 0: r = {Correlation(a0, Predicted(0)):0.000}");
        Assert.True(Correlation(a1, Predicted(1)) > 0.85, $"stimulus 1: r = {Correlation(a1, Predicted(1)):0.000}");
        // The latent matters: the difference of the averages follows the difference the latents predict.
        var measured = a0.Zip(a1, (x, y) => x - y).ToArray();
        var predicted = Predicted(0).Zip(Predicted(1), (x, y) => x - y).ToArray();
        Assert.True(Correlation(measured, predicted) > 0.7, $"difference: r = {Correlation(measured, predicted):0.000}");
    }

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }

    [Fact]
    public void Meg_IsSimulatedInTeslaRanges_WithOccipitalAlphaOnTheBackSensors()
    {
        var values = Generate("megin-neuromag-306", new SimulationSettings { Paradigm = Paradigm.Rest, Drift = 0, Offset = 0 }, 4, out var model);
        var profile = HardwareTestKit.Profile("megin-neuromag-306");
        var mag = profile.Channels.Select((c, i) => (c, i)).First(p => p.c.Type == "MAG").i;
        var rms = Math.Sqrt(Spectra.Channel(values, 306, mag).Average(v => v * v));
        Assert.InRange(rms, 5e-14, 1e-12); // tens to hundreds of femtotesla
        var back = profile.Channels.Select((c, i) => (c, i)).Where(p => p.c.Type == "MAG").OrderBy(p => p.c.Position![1]).First().i;
        var front = profile.Channels.Select((c, i) => (c, i)).Where(p => p.c.Type == "MAG").OrderByDescending(p => p.c.Position![1]).First().i;
        double Alpha(int ch) => Spectra.BandPower(Spectra.Channel(values, 306, ch), model.Rate, model.AlphaFrequency - 1, model.AlphaFrequency + 1);
        Assert.True(Alpha(back) > 2 * Alpha(front));
    }
}
