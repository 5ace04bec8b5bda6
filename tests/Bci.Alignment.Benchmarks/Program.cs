using Bci.Alignment.Benchmarks;
using Bci.Alignment.Retrieval;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// `recall [items]`: recall@10 of the int8 pre-scan against exact search; otherwise BenchmarkDotNet.
if (args.Length > 0 && args[0] == "recall")
{
    var items = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
    var index = new LatentIndex(GalleryData.Create(items, RetrievalBenchmarks.Dimension, seed: 1), withInt8: true);
    var queries = GalleryData.Queries(50, RetrievalBenchmarks.Dimension, seed: 3);
    foreach (var candidates in new[] { 64, 256, 1024 })
    {
        int found = 0, total = 0;
        foreach (var q in queries)
        {
            var exact = index.Search(q, 10).Select(h => h.Index).ToHashSet();
            found += index.SearchInt8(q, 10, candidates).Count(h => exact.Contains(h.Index));
            total += 10;
        }
        Console.WriteLine($"items {items} dim {RetrievalBenchmarks.Dimension} candidates {candidates}: recall@10 {(double)found / total:0.000} ({found}/{total})");
    }
    return;
}

// In-process: the 1M x 768 gallery (3 GB + 0.75 GB) is built once, not once per launched process.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
    .WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(10).WithEnvironmentVariable("DOTNET_TieredPGO", "1"));
BenchmarkSwitcher.FromAssembly(typeof(RetrievalBenchmarks).Assembly).Run(args, config);
