using System.Diagnostics;

namespace Bci.Audio.Tests;

/// <summary>Runs the sox command line tool.</summary>
internal static class Sox
{
    public static string? Path { get; } = Environment.GetEnvironmentVariable("PATH")?.Split(':')
        .Select(dir => System.IO.Path.Combine(dir, "sox")).FirstOrDefault(File.Exists);

    public static void Run(params string[] arguments)
    {
        var info = new ProcessStartInfo(Path ?? throw new InvalidOperationException("sox is not installed"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"sox {string.Join(' ', arguments)} failed: {error}");
    }

    /// <summary>sox's name for an encoding and its bits.</summary>
    public static (string Encoding, int Bits) Encoding(Wav.WavSampleFormat format) => format switch
    {
        Wav.WavSampleFormat.UInt8 => ("unsigned-integer", 8),
        Wav.WavSampleFormat.Int16 => ("signed-integer", 16),
        Wav.WavSampleFormat.Int24 => ("signed-integer", 24),
        Wav.WavSampleFormat.Int32 => ("signed-integer", 32),
        Wav.WavSampleFormat.Float32 => ("floating-point", 32),
        _ => ("floating-point", 64),
    };
}
