using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Bci.Decoding.Tests;

/// <summary>
/// Proves the set-up made TorchSharp's native libraries loadable on this machine (see eng/torchsharp-native-fix.sh):
/// a broken set-up fails here rather than somewhere deep in a decoder test.
/// </summary>
public sealed class TorchSharpSetupTests
{
    [Fact]
    public void TorchSharp_RunsALinearForwardPassOnCpu_MatchingAHandComputation()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(1);
        var layer = nn.Linear(3, 2);
        var input = tensor(new float[] { 1f, -2f, 0.5f }).reshape(1, 3);

        var output = layer.forward(input);

        Assert.Equal(new long[] { 1, 2 }, output.shape);
        var w = layer.weight!.data<float>().ToArray();
        var b = layer.bias!.data<float>().ToArray();
        var x = new[] { 1f, -2f, 0.5f };
        for (var row = 0; row < 2; row++)
        {
            var expected = b[row] + w[row * 3] * x[0] + w[row * 3 + 1] * x[1] + w[row * 3 + 2] * x[2];
            Assert.Equal(expected, output[0, row].item<float>(), 5);
        }
    }

    [Fact]
    public void NativeShim_HasEveryLibstdcxxVersionItNeeds()
    {
        if (!OperatingSystem.IsLinux()) return; // the GLIBCXX work-around is Linux-only
        var shim = Directory.EnumerateFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).FirstOrDefault();
        Assert.True(shim is not null, $"libLibTorchSharp.so not found under {AppContext.BaseDirectory}");

        var ldd = Process.Start(new ProcessStartInfo("ldd", [shim!]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var report = ldd.StandardOutput.ReadToEnd() + ldd.StandardError.ReadToEnd();
        ldd.WaitForExit();

        Assert.DoesNotContain("GLIBCXX", report.Split('\n').Where(l => l.Contains("not found")).FirstOrDefault() ?? "");
    }
}
