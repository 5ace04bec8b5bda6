using Bci.Audio.Output;
using Bci.Audio.Providers;

namespace Bci.Audio.Tests;

public sealed class OutputTests
{
    private static readonly AudioOutputSettings Settings = new() { SampleRate = 48000, Channels = 2, BufferSeconds = 0.04, PeriodSeconds = 0.01 };

    [AlsaFact]
    public void AlsaNullDevice_PlaysAToneAndReportsItsBuffer()
    {
        using var output = new AlsaOutput("null", Settings);
        Assert.Equal("alsa:null", output.Device);
        Assert.InRange(output.BufferFrames, 2, 48000);
        Assert.InRange(output.PeriodFrames, 1, output.BufferFrames);
        var tone = new ToneProvider(48000, 2, 440, -12, 0.25);
        var block = new float[output.PeriodFrames * 2];
        long written = 0;
        int n;
        while ((n = tone.Read(block)) > 0)
        {
            Assert.InRange(output.DelayFrames(), 0, output.BufferFrames);
            output.Write(block.AsSpan(0, n * 2));
            written += n;
        }
        output.Drain();
        Assert.Equal(12000, written);
    }

    [AlsaFact]
    public void AlsaMissingDevice_IsAClearError()
    {
        var e = Assert.Throws<AudioDeviceException>(() => new AlsaOutput("hw:29,0", Settings));
        Assert.Contains("alsa:hw:29,0", e.Message);
        Assert.Contains("cannot open", e.Message);
    }

    [AlsaFact(needsNoSoundCard: true)]
    public void AutoWithoutASoundCard_FallsBackToTheFileAndSaysSo()
    {
        var dir = Directory.CreateTempSubdirectory("bci-audio-auto-").FullName;
        try
        {
            var warnings = new List<string>();
            var clock = new VirtualTime(dir).Clock;
            using (var output = AudioOutputs.Open("auto", Settings, clock, Path.Combine(dir, "fallback.wav"), warnings.Add))
                Assert.IsType<FileOutput>(output);
            var warning = Assert.Single(warnings);
            Assert.Contains("no sound card", warning);
            Assert.Contains("fallback.wav", warning);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [AlsaFact]
    public void AlsaDeviceList_ContainsTheNullDevice()
    {
        Assert.Contains(AlsaDevices.PlaybackDevices(), d => d.Name == "null");
    }

    [Fact]
    public void FileOutput_PacesLikeADeviceAndFillsGapsWithSilence()
    {
        var dir = Directory.CreateTempSubdirectory("bci-audio-file-").FullName;
        try
        {
            var time = new VirtualTime(dir);
            var path = Path.Combine(dir, "paced.wav");
            using (var output = new FileOutput(path, Settings with { Channels = 1 }, time.Clock))
            {
                Assert.Equal(1920, output.AvailableFrames());
                output.Write(new float[1920]);
                Assert.Equal(0, output.AvailableFrames());
                Assert.Equal(1920, output.DelayFrames());
                time.Scheduler.AdvanceBy(TimeSpan.FromMilliseconds(10));
                Assert.Equal(480, output.AvailableFrames());
                Assert.Equal(1440, output.DelayFrames());
                time.Scheduler.AdvanceBy(TimeSpan.FromMilliseconds(100)); // the writer fell behind: the device ran dry
                output.Write(Enumerable.Repeat(0.5f, 480).ToArray());
                Assert.Equal(1, output.Underruns);
            }
            using var reader = Wav.WavReader.Open(path);
            var x = reader.ReadAll();
            // 110 ms of virtual time had passed: the 0.5 block lands at frame 5280, where the listener would hear it.
            Assert.Equal(5280 + 480, x.Length);
            Assert.Equal(0, x[5279]);
            Assert.Equal(0.5, x[5280]);
            Assert.Equal(0.0, FileOutput.ReadStartTime(path));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void UnknownDeviceText_AndBadSettings_AreClearErrors()
    {
        var clock = new VirtualTime(Path.GetTempPath()).Clock;
        var e = Assert.Throws<ArgumentException>(() => AudioOutputs.Open("null", Settings with { BufferSeconds = 0.01 }, clock));
        Assert.Contains("two periods", e.Message);
    }
}
