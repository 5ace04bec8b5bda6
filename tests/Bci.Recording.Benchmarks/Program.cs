using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bci.Core.Streams;
using Bci.Recording;
using Bci.Recording.Xdf;
using Bci.TestSupport;

// Read throughput (MB of file per second, best of N runs, files in the page cache) of this project's EDF/BDF and
// XDF readers next to MNE-Python's read_raw_edf/bdf (preload=True) and pyxdf's load_xdf, measured in one run on
// the same files. Real files come from the shared data; two large files are generated in a temp folder (never in
// the repository). Usage: Bci.Recording.Benchmarks [--runs N] [--write path/to/benchmarks.md]
var runs = 5;
string? write = null;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--runs") runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--write") write = args[++i];
    else if (args[i] == "--phases") return Phases(args[++i], runs);
}

var temp = Path.Combine(Path.GetTempPath(), "bci-recording-bench");
Directory.CreateDirectory(temp);
var files = new List<(string Label, string Path)>();
foreach (var name in new[] { "S001R03", "S001R04", "S001R07" })
    if (TestData.Find($"eegmmidb/{name}.edf") is { } p) files.Add(($"EEGMMIDB {name}.edf (64 ch, 160 Hz)", p));
if (TestData.Find("eeglab-sample/test.bdf") is { } bdf) files.Add(("EEGLAB test.bdf (17 ch, 24-bit)", bdf));
files.Add(("generated EDF, 64 ch x 512 Hz x 30 min", GeneratedEdf(Path.Combine(temp, "big.edf"))));
if (TestData.Find("xdf-examples/clock_resets.xdf") is { } xr) files.Add(("xdf-examples clock_resets.xdf", xr));
if (TestData.Find("xdf-examples/opm_meg_int_markers.xdf") is { } xo) files.Add(("xdf-examples opm_meg_int_markers.xdf", xo));
files.Add(("generated XDF, 32 ch float32 x 500 Hz x 10 min", GeneratedXdf(Path.Combine(temp, "big.xdf"))));

Console.WriteLine($"timing this reader ({runs} runs per file and mode) ...");
var ours = files.ToDictionary(f => f.Path, f => Enum.GetValues<ReadMode>().ToDictionary(m => m, m => BestOf(runs, () => ReadAll(f.Path, m))));
Console.WriteLine("timing MNE / pyxdf on the same files ...");
var peers = RunPeers(runs, files.Select(f => f.Path).ToList());

var machine = $"{Environment.ProcessorCount} cores, {Cpu()}, {Environment.OSVersion.VersionString}, .NET {Environment.Version}";
var table = new StringBuilder();
table.AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {machine}; peers: MNE {peers.Mne}, pyxdf {peers.Pyxdf ?? "not available"} (Debian python3). " +
                 $"Best of {runs} runs per file, file in the page cache, open plus every value of the file, by `tests/Bci.Recording.Benchmarks` in one run. " +
                 "Peers: MNE `read_raw_*(preload=True).get_data()` (one channel-major float64 array), pyxdf `load_xdf(dejitter_timestamps=False)`. " +
                 "Ours: **chunks** = `ReadChunks()`, sample-major float64 chunks with a timestamp per sample (what pipelines and replay consume); " +
                 "**f64** = `ReadAllChannels()`, one channel-major float64 array per stream (like for like with MNE's get_data); " +
                 "**f32** = `ReadAllChannelsSingle()`, the same as float32. Markers are read in every mode. CPU = user + system time of all threads; wall = elapsed.");
table.AppendLine();
table.AppendLine("| file | MB | peer | peer MB per CPU-s | chunks MB per CPU-s | f64 MB per CPU-s | **f64 / peer (CPU)** | f32 MB per CPU-s | peer MB/s wall | chunks MB/s wall | f64 MB/s wall |");
table.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var (label, path) in files)
{
    var mb = new FileInfo(path).Length / 1e6;
    var peerName = path.EndsWith(".xdf", StringComparison.Ordinal) ? "pyxdf" : "MNE";
    var peer = peers.Results.TryGetValue(path, out var s) ? s : (double.NaN, double.NaN);
    var our = ours[path];
    string Rate(double seconds) => double.IsNaN(seconds) ? "-" : (mb / seconds).ToString("0", CultureInfo.InvariantCulture);
    var ratio = double.IsNaN(peer.Item2) ? "-" : (peer.Item2 / our[ReadMode.ChannelDoubles].Cpu).ToString("0.0", CultureInfo.InvariantCulture) + "x";
    table.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {mb:0.0} | {peerName} | {Rate(peer.Item2)} | {Rate(our[ReadMode.Chunks].Cpu)} | {Rate(our[ReadMode.ChannelDoubles].Cpu)} | **{ratio}** | {Rate(our[ReadMode.ChannelFloats].Cpu)} | {Rate(peer.Item1)} | {Rate(our[ReadMode.Chunks].Wall)} | {Rate(our[ReadMode.ChannelDoubles].Wall)} |"));
}
table.AppendLine();
table.AppendLine($"Load average during the run: {LoadAverage()} (on {Environment.ProcessorCount} cores).");
Console.WriteLine();
Console.Write(table);
if (write is not null) WriteSection(write, table.ToString());
return 0;

// Where one file's time goes: opening (headers, indexes, annotation scan) against reading every value, best CPU
// time of N runs each; for finding per-file overheads, not for the table.
static int Phases(string path, int runs)
{
    Recording? opened = null;
    var open = BestOf(runs, () => opened = RecordingReader.Open(path));
    var signals = opened!.Streams.Where(s => s.Kind == RecordedStreamKind.Signal).ToList();
    var chunks = BestOf(runs, () =>
    {
        double sum = 0;
        foreach (var stream in signals)
            foreach (var chunk in stream.ReadChunks()) sum += chunk.Values[0];
        GC.KeepAlive(sum);
    });
    var channels = BestOf(runs, () => { foreach (var stream in signals) GC.KeepAlive(stream.ReadAllChannels()); });
    var singles = BestOf(runs, () => { foreach (var stream in signals) GC.KeepAlive(stream.ReadAllChannelsSingle()); });
    static string Ms((double Wall, double Cpu) t) => string.Create(CultureInfo.InvariantCulture, $"{t.Cpu * 1e3:0.0} ms CPU ({t.Wall * 1e3:0.0} wall)");
    Console.WriteLine($"{Path.GetFileName(path)}: open {Ms(open)}; read as chunks {Ms(chunks)}, channel-major doubles {Ms(channels)}, channel-major floats {Ms(singles)}");
    return 0;
}

// The whole file into values: sample-major chunks with timestamps (what pipelines and replay consume), or one
// channel-major array per signal stream (doubles, the layout and type of MNE's get_data(); or floats).
static void ReadAll(string path, ReadMode mode)
{
    var recording = RecordingReader.Open(path, new RecordingReadOptions { SynchronizeClocks = true });
    double sum = 0;
    foreach (var stream in recording.Streams)
    {
        if (stream.Kind != RecordedStreamKind.Signal)
            foreach (var marker in stream.ReadMarkers()) sum += marker.Timestamp;
        else if (mode == ReadMode.Chunks)
            foreach (var chunk in stream.ReadChunks()) sum += chunk.Values[0];
        else if (mode == ReadMode.ChannelDoubles)
            sum += stream.ReadAllChannels()[0];
        else
            sum += stream.ReadAllChannelsSingle()[0];
    }
    GC.KeepAlive(sum);
}

// Best wall time and best CPU time (this process, all threads) over the runs: on a shared machine the CPU time
// is the fairer measure of the work each reader does.
static (double Wall, double Cpu) BestOf(int runs, Action action)
{
    action(); // warm-up: JIT and page cache
    double wall = double.MaxValue, cpu = double.MaxValue;
    var process = Process.GetCurrentProcess();
    for (var i = 0; i < runs; i++)
    {
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        wall = Math.Min(wall, watch.Elapsed.TotalSeconds);
        process.Refresh();
        cpu = Math.Min(cpu, (process.TotalProcessorTime - cpu0).TotalSeconds);
    }
    return (wall, cpu);
}

static (string Mne, string? Pyxdf, Dictionary<string, (double Wall, double Cpu)> Results) RunPeers(int runs, List<string> paths)
{
    var script = Path.Combine(AppContext.BaseDirectory, "peers.py");
    var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
    info.ArgumentList.Add(script);
    info.ArgumentList.Add(runs.ToString(CultureInfo.InvariantCulture));
    foreach (var p in paths) info.ArgumentList.Add(p);
    using var process = Process.Start(info)!;
    var json = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    using var doc = JsonDocument.Parse(json);
    var results = doc.RootElement.GetProperty("results").EnumerateObject().ToDictionary(p => p.Name, p => (p.Value[0].GetDouble(), p.Value[1].GetDouble()));
    var pyxdf = doc.RootElement.GetProperty("pyxdf");
    return (doc.RootElement.GetProperty("mne").GetString()!, pyxdf.ValueKind == JsonValueKind.Null ? null : pyxdf.GetString(), results);
}

static string GeneratedEdf(string path)
{
    const int channels = 64, rate = 512, records = 1800;
    if (File.Exists(path)) return path;
    using var file = new FileStream(path, FileMode.Create);
    var header = new StringBuilder();
    void Field(string text, int width) => header.Append(text.PadRight(width)[..width]);
    Field("0", 8); Field("X X X X", 80); Field("Startdate 01-JAN-2024 X X bench", 80); Field("01.01.24", 8); Field("00.00.00", 8);
    Field(((channels + 1) * 256).ToString(CultureInfo.InvariantCulture), 8); Field("", 44); Field(records.ToString(CultureInfo.InvariantCulture), 8); Field("1", 8);
    Field(channels.ToString(CultureInfo.InvariantCulture), 4);
    for (var c = 0; c < channels; c++) Field($"EEG{c + 1}", 16);
    for (var c = 0; c < channels; c++) Field("", 80);
    for (var c = 0; c < channels; c++) Field("uV", 8);
    for (var c = 0; c < channels; c++) Field("-3276.8", 8);
    for (var c = 0; c < channels; c++) Field("3276.7", 8);
    for (var c = 0; c < channels; c++) Field("-32768", 8);
    for (var c = 0; c < channels; c++) Field("32767", 8);
    for (var c = 0; c < channels; c++) Field("", 80);
    for (var c = 0; c < channels; c++) Field(rate.ToString(CultureInfo.InvariantCulture), 8);
    for (var c = 0; c < channels; c++) Field("", 32);
    file.Write(Encoding.ASCII.GetBytes(header.ToString()));
    var record = new byte[channels * rate * 2];
    var random = new Random(1);
    for (var r = 0; r < records; r++)
    {
        random.NextBytes(record);
        file.Write(record);
    }
    return path;
}

static string GeneratedXdf(string path)
{
    const int channels = 32, rate = 500, seconds = 600;
    if (File.Exists(path)) return path;
    var description = StreamDescription.Unlabelled("bench", "EEG", channels, rate, ChannelFormat.Float32);
    var markers = new StreamDescription("cues", "Markers", [new ChannelInfo("marker", "Markers", "")], 0, ChannelFormat.String);
    var clock = new StepClock();
    using var writer = new XdfWriter(path, new XdfWriterOptions { Clock = clock, SyncToDisk = false });
    var id = writer.AddStream(description);
    var cues = writer.AddStream(markers);
    var random = new Random(2);
    for (var s = 0; s < seconds * 10; s++)
    {
        const int n = rate / 10;
        var values = new double[n * channels];
        var times = new double[n];
        for (var i = 0; i < n; i++) times[i] = 1000 + (s * n + i) / (double)rate;
        for (var i = 0; i < values.Length; i++) values[i] = random.NextDouble() * 1e-4;
        writer.Write(id, SampleChunk.Wrap(description, values, times));
        if (s % 20 == 0) writer.Write(cues, [new MarkerEvent("cue", times[0])]);
        clock.Now += 0.1;
    }
    return path;
}

static string LoadAverage()
{
    try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
    catch (IOException) { return "unknown"; }
}

static string Cpu()
{
    try
    {
        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "unknown CPU" : line[(line.IndexOf(':') + 1)..].Trim();
    }
    catch (IOException)
    {
        return "unknown CPU";
    }
}

static void WriteSection(string path, string body)
{
    var text = File.ReadAllText(path);
    const string heading = "## Recording formats";
    var start = text.IndexOf(heading, StringComparison.Ordinal);
    if (start < 0) throw new InvalidOperationException($"{path} has no '{heading}' section");
    var bodyStart = text.IndexOf('\n', start) + 1;
    var next = text.IndexOf("\n## ", bodyStart, StringComparison.Ordinal);
    var end = next < 0 ? text.Length : next + 1;
    File.WriteAllText(path, text[..bodyStart] + "\n" + body + "\n" + text[end..]);
    Console.WriteLine($"wrote the '{heading}' section of {path}");
}

enum ReadMode { Chunks, ChannelDoubles, ChannelFloats }

sealed class StepClock : Bci.Core.Time.IClock
{
    public double Now { get; set; } = 1000;
}
