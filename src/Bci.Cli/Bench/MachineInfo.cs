using System.Runtime.InteropServices;

namespace Bci.Cli.Bench;

/// <summary>What a benchmark figure was measured on: logical cores, CPU model, OS, runtime and the load average.</summary>
public sealed record MachineInfo(int Cores, string Cpu, string Os, string Runtime, string LoadAverage)
{
    public string Summary => $"{Cores} logical cores, {Cpu}, {Os}, {Runtime}, load average {LoadAverage}";

    public static MachineInfo Describe() =>
        new(Environment.ProcessorCount, CpuModel(), RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, LoadAverageNow());

    /// <summary>The 1, 5 and 15 minute load averages ("n/a" where /proc/loadavg does not exist).</summary>
    public static string LoadAverageNow() => Read("/proc/loadavg", text => string.Join(' ', text.Split(' ').Take(3)));

    private static string CpuModel() =>
        Read("/proc/cpuinfo", text => text.Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU");

    private static string Read(string path, Func<string, string> parse)
    {
        try
        {
            return File.Exists(path) ? parse(File.ReadAllText(path).Trim()) : "n/a";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "n/a";
        }
    }
}
