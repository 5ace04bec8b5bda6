using System.CommandLine;
using System.Reactive.Concurrency;
using Bci.Audio.Analysis;
using Bci.Audio.Output;
using Bci.Audio.Providers;
using Bci.Audio.Wav;
using Bci.Core.Time;

namespace Bci.Cli.Commands;

/// <summary>bci audio devices | play | test | info: the output devices, playing a file or tone, measuring latency, inspecting WAVs.</summary>
public sealed class AudioCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        var audio = new Command("audio", "Audio output devices, playback with measured latency, WAV file information");
        audio.Subcommands.Add(DevicesCommand());
        audio.Subcommands.Add(PlayCommand());
        audio.Subcommands.Add(TestCommand());
        audio.Subcommands.Add(InfoCommand());
        audio.Subcommands.Add(OnsetsCommand());
        yield return audio;
    }

    private static Option<string> DeviceOption(string fallback) => new("--device")
    {
        Description = "Output: default (ALSA), alsa:NAME, hw:0,0, null, file:PATH.wav (writes what would play), or auto",
        DefaultValueFactory = _ => fallback,
    };

    private static Command DevicesCommand()
    {
        var command = new Command("devices", "List the outputs: ALSA sound cards and PCM devices, plus file:PATH and null");
        command.SetAction(_ =>
        {
            var cards = AlsaDevices.CardCount();
            Console.WriteLine(cards switch
            {
                < 0 => "ALSA: libasound.so.2 not found (Debian: apt-get install libasound2)",
                0 => "ALSA: no sound card on this machine",
                _ => $"ALSA: {cards} sound card{(cards == 1 ? "" : "s")}",
            });
            foreach (var (name, description) in AlsaDevices.PlaybackDevices())
                Console.WriteLine($"  alsa:{name,-28} {description}");
            Console.WriteLine($"  {"file:PATH.wav",-33} writes what would play to a WAV, paced like a device (headless machines, tests)");
            Console.WriteLine($"  {"null",-33} discards audio at the device's pace");
            return 0;
        });
        return command;
    }

    private static Command PlayCommand()
    {
        var file = new Argument<FileInfo?>("file") { Description = "WAV file to play", Arity = ArgumentArity.ZeroOrOne };
        var tone = new Option<double?>("--tone") { Description = "Play a sine of this frequency (Hz) instead of a file" };
        var duration = new Option<double>("--duration") { Description = "Tone length in seconds", DefaultValueFactory = _ => 1 };
        var level = new Option<double>("--level") { Description = "Tone level in dBFS (peak)", DefaultValueFactory = _ => -12 };
        var rate = new Option<int>("--rate") { Description = "Output rate in Hz", DefaultValueFactory = _ => 48000 };
        var device = DeviceOption("default");
        var command = new Command("play", "Play a WAV file or a tone and report when it was heard and the output's latency")
        {
            file, tone, duration, level, rate, device,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var path = parse.GetValue(file);
            var frequency = parse.GetValue(tone);
            if ((path is null) == (frequency is null))
            {
                Console.Error.WriteLine("bci audio play: give a WAV file or --tone FREQUENCY (one of them)");
                return 2;
            }
            ISampleProvider sound;
            WavReader? reader = null;
            try
            {
                if (path is not null)
                {
                    reader = WavReader.Open(path.FullName);
                    sound = new WavFileProvider(reader);
                    Console.WriteLine($"{path.Name}: {reader.Format}, {reader.Duration:0.###} s");
                }
                else
                    sound = new ToneProvider(parse.GetValue(rate), 1, frequency!.Value, parse.GetValue(level), parse.GetValue(duration));
                var channels = Math.Min(2, sound.Channels);
                if (sound.Channels > 2) sound = new DownmixProvider(sound);
                var settings = new AudioOutputSettings { SampleRate = parse.GetValue(rate), Channels = channels };
                return await PlayAndReport(sound, parse.GetValue(device)!, settings, cancellation);
            }
            catch (Exception e) when (e is IOException or ArgumentException)
            {
                Console.Error.WriteLine($"bci audio play: {e.Message}");
                return 1;
            }
            finally
            {
                reader?.Dispose();
            }
        });
        return command;
    }

    private static Command TestCommand()
    {
        var device = DeviceOption("default");
        var command = new Command("test", "Play a short tone (0.3 s, 1 kHz, -20 dBFS) and report the measured output latency") { device };
        command.SetAction(async (parse, cancellation) =>
        {
            var settings = new AudioOutputSettings { SampleRate = 48000, Channels = 2 };
            try
            {
                return await PlayAndReport(new ToneProvider(48000, 1, 1000, -20, 0.3), parse.GetValue(device)!, settings, cancellation);
            }
            catch (Exception e) when (e is IOException or ArgumentException)
            {
                Console.Error.WriteLine($"bci audio test: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> PlayAndReport(ISampleProvider sound, string device, AudioOutputSettings settings, CancellationToken cancellation)
    {
        var output = AudioOutputs.Open(device, settings, LslClock.Instance, warn: w => Console.Error.WriteLine($"warning: {w}"));
        var report = await AudioPlayback.PlayAsync(sound, output, LslClock.Instance, DefaultScheduler.Instance, cancellation);
        Console.WriteLine($"device {report.Device}: buffer {report.BufferSeconds * 1000:0.0} ms, period {report.PeriodSeconds * 1000:0.0} ms");
        Console.WriteLine($"played {report.FramesPlayed} frames; onset at LSL {report.Onset:0.000000} s, " +
                          $"{report.Latency * 1000:0.0} ms after the request (largest output delay at a write {report.MaxDelaySeconds * 1000:0.0} ms); " +
                          $"{report.Underruns} underruns");
        if (output is FileOutput file) Console.WriteLine($"written to {file.Path}");
        return 0;
    }

    private static Command InfoCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "WAV file" };
        var command = new Command("info", "Show a WAV file's format, length, chunks and peak level") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            try
            {
                using var reader = WavReader.Open(path.FullName);
                Console.WriteLine($"{path.Name}: {(reader.Container == WavContainer.Rf64 ? "RF64" : "RIFF")} WAVE, {reader.Format}");
                Console.WriteLine($"  {reader.FrameCount} frames, {reader.Duration:0.######} s, samples from byte {reader.DataOffset}" +
                                  (reader.Format.ChannelMask != 0 ? $", channel mask 0x{reader.Format.ChannelMask:X}" : ""));
                Console.WriteLine($"  chunks: {string.Join(", ", reader.Chunks.Select(c => $"'{c.Id}' ({c.Size} bytes @ {c.BodyOffset})"))}");
                var block = new double[8192 * reader.Format.Channels];
                double peak = 0, sumSquares = 0;
                long count = 0;
                int n;
                while ((n = reader.Read(block)) > 0)
                    for (var i = 0; i < n * reader.Format.Channels; i++)
                    {
                        peak = Math.Max(peak, Math.Abs(block[i]));
                        sumSquares += block[i] * block[i];
                        count++;
                    }
                if (count > 0)
                    Console.WriteLine($"  peak {Decibels.FromGain(peak):0.0} dBFS, RMS {Decibels.FromGain(Math.Sqrt(sumSquares / count)):0.0} dBFS");
                var start = FileOutput.ReadStartTime(path.FullName);
                if (start is not null) Console.WriteLine($"  first frame heard at LSL time {start:0.000000} s (written by a file: output)");
                return 0;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"bci audio info: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command OnsetsCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "Cue track written by a file: output (e.g. the demo's --audio WAV)" };
        var markers = new Option<FileInfo?>("--markers") { Description = "Recording (XDF, ...) whose markers the onsets must match" };
        var stream = new Option<string?>("--stream") { Description = "Marker stream to compare with (default: 'audio-onsets' when the file has it, else every marker stream)" };
        var values = new Option<string[]>("--value") { Description = "Only markers with this value are expected to sound (repeatable)", AllowMultipleArgumentsPerToken = true };
        var tolerance = new Option<double>("--tolerance") { Description = "Largest |sound - marker| in seconds for a match", DefaultValueFactory = _ => 0.05 };
        var threshold = new Option<double>("--threshold") { Description = "Onset level in dBFS (peak over channels)", DefaultValueFactory = _ => -60 };
        var command = new Command("onsets", "Find where each sound starts in a cue WAV (on the LSL clock) and, with --markers, check every cue marker has its sound; exit 1 when they disagree")
        {
            file, markers, stream, values, tolerance, threshold,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!.FullName;
            var options = new CueOnsetOptions
            {
                ToleranceSeconds = parse.GetValue(tolerance),
                ThresholdDbfs = parse.GetValue(threshold),
                Values = parse.GetValue(values) ?? [],
            };
            try
            {
                if (parse.GetValue(markers) is not { } recordingFile)
                {
                    var onsets = CueOnsetCheck.DetectOnsets(path, options);
                    Console.WriteLine($"{Path.GetFileName(path)}: {onsets.Count} sound onset(s){(FileOutput.ReadStartTime(path) is null ? " (seconds from the file's start: no LSL start time stored)" : " (LSL clock)")}");
                    foreach (var onset in onsets) Console.WriteLine(FormattableString.Invariant($"  {onset:0.000000}"));
                    return 0;
                }
                var recording = Bci.Recording.RecordingReader.Open(recordingFile.FullName);
                var name = parse.GetValue(stream) ?? (recording.Find("audio-onsets") is not null ? "audio-onsets" : null);
                var chosen = name is null ? recording.ReadAllMarkers()
                    : recording.Find(name)?.ReadMarkers().ToList()
                      ?? throw new InvalidOperationException($"{recordingFile.Name} has no stream named '{name}' (it has: {string.Join(", ", recording.Streams.Select(s => $"'{s.Name}'"))})");
                var report = CueOnsetCheck.Compare(path, chosen, options);
                foreach (var cue in report.Cues)
                    Console.WriteLine(FormattableString.Invariant(
                        $"  {cue.Value,-16} marker {cue.MarkerTime:0.000000}  sound {(cue.SoundTime is { } t ? t.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture) : "-")}  difference {(cue.Difference is { } d ? $"{d * 1000:+0.000;-0.000} ms" : "none within tolerance")}"));
                foreach (var extra in report.UnexplainedOnsets) Console.WriteLine(FormattableString.Invariant($"  sound at {extra:0.000000} has no marker"));
                Console.WriteLine(report);
                return report.Agrees ? 0 : 1;
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidOperationException or ArgumentException or UnauthorizedAccessException or Bci.Recording.RecordingFormatException)
            {
                Console.Error.WriteLine($"bci audio onsets: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
