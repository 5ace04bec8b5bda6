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

// `latency [items]`: wall-clock and CPU time per query (CPU time = time this thread actually ran, which the
// machine's other load does not inflate), with the one-pass memory peers, and int8 recall, in one run.
if (args.Length > 0 && args[0] == "latency")
{
    var items = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
    var bench = new RetrievalBenchmarks { Items = items };
    bench.Setup();
    var queries = GalleryData.Queries(20, RetrievalBenchmarks.Dimension, seed: 3);
    var index = bench.Index;
    void Measure(string name, int repeats, int perRun, Action action)
    {
        action(); // warm-up (JIT, page faults)
        var walls = new List<double>();
        var cpus = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var cpu0 = ThreadCpu.Seconds();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            action();
            walls.Add(sw.Elapsed.TotalMilliseconds / perRun);
            cpus.Add((ThreadCpu.Seconds() - cpu0) * 1000 / perRun);
        }
        walls.Sort();
        cpus.Sort();
        Console.WriteLine($"| {name} | {walls[walls.Count / 2]:0.0} | {cpus[cpus.Count / 2]:0.0} | {cpus[0]:0.0} |");
    }
    Console.WriteLine($"{items} x {RetrievalBenchmarks.Dimension}, top-10, one thread; {Environment.ProcessorCount} logical CPUs; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    Console.WriteLine("| method | wall ms/query (median) | CPU ms/query (median) | CPU ms/query (best) |");
    Console.WriteLine("|---|---:|---:|---:|");
    Measure("peer: one pass over the fp32 rows (sum)", 7, 1, () => bench.ScanFp32Bytes());
    Measure("peer: one pass over int8 rows (sum)", 7, 1, () => bench.ScanInt8Bytes());
    var q = 0;
    Measure("exact fp32, 1 query", 7, 1, () => index.Search(queries[q++ % queries.Length], 10));
    Measure("exact fp32, batch of 16 queries (per query)", 3, 16, () => index.SearchBatch(queries.Take(16).ToList(), 10));
    Measure("peer: one pass over int4 rows (sum)", 7, 1, () => bench.ScanInt4Bytes());
    Measure("int8 pre-scan + exact re-rank of 256 (per query)", 7, 1, () => index.SearchInt8(queries[q++ % queries.Length], 10, 256));
    Measure("int4 pre-scan + exact re-rank of 1024 (per query)", 7, 1, () => index.SearchInt4(queries[q++ % queries.Length], 10, 1024));
    Measure("int4 pre-scan + exact re-rank of 4096 (per query)", 7, 1, () => index.SearchInt4(queries[q++ % queries.Length], 10, 4096));
    Measure("exact fp32, 2 threads (per query)", 5, 1, () => index.SearchBatch([queries[q++ % queries.Length]], 10, threads: 2));
    // Recall@10 of each pre-scan against exact fp32 search (brute force) on the same queries.
    var exactTop = queries.Select(query => index.Search(query, 10).Select(h => h.Index).ToHashSet()).ToList();
    void Recall(string name, Func<float[], RetrievalHit[]> search)
    {
        var found = queries.Select((query, i) => search(query).Count(h => exactTop[i].Contains(h.Index))).Sum();
        Console.WriteLine($"{name}: recall@10 against exact {(double)found / (10 * queries.Length):0.000} ({found}/{10 * queries.Length}, {queries.Length} queries)");
    }
    Recall("int8 pre-scan, 256 candidates", query => index.SearchInt8(query, 10, 256));
    foreach (var candidates in new[] { 256, 1024, 4096 })
        Recall($"int4 pre-scan, {candidates} candidates", query => index.SearchInt4(query, 10, candidates));
    return;
}

// In-process: the 1M x 768 gallery (3 GB + 0.75 GB) is built once, not once per launched process.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
    .WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(10).WithEnvironmentVariable("DOTNET_TieredPGO", "1"));
BenchmarkSwitcher.FromAssembly(typeof(RetrievalBenchmarks).Assembly).Run(args, config);
