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
//                   or: Bci.Recording.Benchmarks [--runs N] --phases FILE [Chunks|DoublesFresh|DoublesReused|FloatsReused]
var runs = 5;
string? write = null;
string? phases = null;
ReadMode? phasesMode = null;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--runs") runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--write") write = args[++i];
    else if (args[i] == "--phases")
    {
        phases = args[++i];
        if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) phasesMode = Enum.Parse<ReadMode>(args[++i]);
    }
}
if (phases is not null) return Phases(phases, runs, phasesMode);

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
var ours = files.ToDictionary(f => f.Path, f => Enum.GetValues<ReadMode>().ToDictionary(m => m, m =>
{
    // Every file and mode starts from the same heap: nothing kept from the one before (its reused arrays, or a
    // half-collected large array whose memory the next one would or would not get back).
    ReusedArrays.Clear();
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    return BestOf(runs, () => ReadAll(f.Path, m));
}));
Console.WriteLine("timing MNE / pyxdf on the same files ...");
var peers = RunPeers(runs, files.Select(f => f.Path).ToList());

var machine = $"{Environment.ProcessorCount} cores, {Cpu()}, {Environment.OSVersion.VersionString}, .NET {Environment.Version}";
var table = new StringBuilder();
table.AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {machine}; peers: MNE {peers.Mne}, pyxdf {peers.Pyxdf ?? "not available"} (Debian python3). " +
                 $"Best of {runs} runs per file and mode, file in the page cache, open plus every value of the file, by `tests/Bci.Recording.Benchmarks` in one run. " +
                 "MB = file size; MB per CPU-s = file MB / (user + system time of all threads); wall = elapsed.");
table.AppendLine();
table.AppendLine("- **MNE**: `read_raw_*(preload=True).get_data()`, one new channel-major float64 array per read. " +
                 "**pyxdf**: `load_xdf(dejitter_timestamps=False)`, sample-major arrays plus timestamps per stream.");
table.AppendLine("- **chunks**: `ReadChunks()`, sample-major float64 chunks with a timestamp per sample (what pipelines and replay consume; like for like with pyxdf).");
table.AppendLine("- **f64 new**: `ReadAllChannels()`, one new channel-major float64 array per stream and read (like for like with MNE).");
table.AppendLine("- **f64 reused** / **f32 reused**: `ReadChannels(0, n, array)` into the caller's float64 / float32 array, the same array every run (the reader's work without the page faults of fresh memory).");
table.AppendLine();
table.AppendLine("| file | MB | peer | peer MB per CPU-s | chunks MB per CPU-s | f64 new MB per CPU-s | f64 reused MB per CPU-s | f32 reused MB per CPU-s | **like for like / peer (CPU)** | peer MB/s wall | chunks MB/s wall | f64 new MB/s wall | f64 reused MB/s wall |");
table.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var (label, path) in files)
{
    var mb = new FileInfo(path).Length / 1e6;
    var isXdf = path.EndsWith(".xdf", StringComparison.Ordinal);
    var peer = peers.Results.TryGetValue(path, out var s) ? s : (double.NaN, double.NaN);
    var our = ours[path];
    string Rate(double seconds) => double.IsNaN(seconds) ? "-" : (mb / seconds).ToString("0", CultureInfo.InvariantCulture);
    var like = our[isXdf ? ReadMode.Chunks : ReadMode.DoublesFresh];
    var ratio = double.IsNaN(peer.Item2) ? "-" : (peer.Item2 / like.Cpu).ToString("0.0", CultureInfo.InvariantCulture) + "x " + (isXdf ? "(chunks)" : "(f64 new)");
    table.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {mb:0.0} | {(isXdf ? "pyxdf" : "MNE")} | {Rate(peer.Item2)} | {Rate(our[ReadMode.Chunks].Cpu)} | {Rate(our[ReadMode.DoublesFresh].Cpu)} | {Rate(our[ReadMode.DoublesReused].Cpu)} | {Rate(our[ReadMode.FloatsReused].Cpu)} | **{ratio}** | {Rate(peer.Item1)} | {Rate(our[ReadMode.Chunks].Wall)} | {Rate(our[ReadMode.DoublesFresh].Wall)} | {Rate(our[ReadMode.DoublesReused].Wall)} |"));
}
table.AppendLine();
table.AppendLine($"Load average during the run: {LoadAverage()} (on {Environment.ProcessorCount} cores).");
Console.WriteLine();
Console.Write(table);
if (write is not null) WriteSection(write, table.ToString());
return 0;

// Where one file's time goes: opening (headers, indexes, annotation scan) against reading every value, best CPU
// time of N runs each; for finding per-file overheads, not for the table.
static int Phases(string path, int runs, ReadMode? only)
{
    var open = BestOf(runs, () => RecordingReader.Open(path));
    var opened = RecordingReader.Open(path);
    var parts = new List<string> { $"open {Ms(open)}" };
    foreach (var mode in Enum.GetValues<ReadMode>().Where(m => only is null || m == only))
        parts.Add($"{mode} {Ms(BestOf(runs, () => ReadAll(path, mode)))}");
    Console.WriteLine($"{Path.GetFileName(path)}: {string.Join("; ", parts)} (each read includes the open)");
    GC.KeepAlive(opened);
    return 0;
}

static string Ms((double Wall, double Cpu) t) => string.Create(CultureInfo.InvariantCulture, $"{t.Cpu * 1e3:0.0} ms CPU ({t.Wall * 1e3:0.0} wall)");

// The whole file into values: sample-major chunks with timestamps (what pipelines and replay consume), or one
// channel-major array per signal stream, the layout and type of MNE's get_data(): a new array on every read
// (as MNE allocates one) or the caller's arrays reused from read to read (the reader's work alone, no page faults
// on fresh memory); doubles or floats.
static void ReadAll(string path, ReadMode mode)
{
    var recording = RecordingReader.Open(path, new RecordingReadOptions { SynchronizeClocks = true });
    double sum = 0;
    for (var i = 0; i < recording.Streams.Length; i++)
    {
        var stream = recording.Streams[i];
        if (stream.Kind != RecordedStreamKind.Signal)
        {
            foreach (var marker in stream.ReadMarkers()) sum += marker.Timestamp;
            continue;
        }
        var n = (int)stream.SampleCount;
        var size = n * stream.Description.ChannelCount;
        switch (mode)
        {
            case ReadMode.Chunks:
                foreach (var chunk in stream.ReadChunks()) sum += chunk.Values[0];
                break;
            case ReadMode.DoublesFresh:
                sum += stream.ReadAllChannels()[0];
                break;
            case ReadMode.DoublesReused:
                var doubles = ReusedArrays.For<double>(path, i, size);
                stream.ReadChannels(0, n, doubles);
                sum += doubles[0];
                break;
            case ReadMode.FloatsReused:
                var floats = ReusedArrays.For<float>(path, i, size);
                stream.ReadChannels(0, n, floats);
                sum += floats[0];
                break;
        }
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

// Replaces the measured part of the section: between the two markers when the section has them (the text around
// them is kept), otherwise the whole section body.
static void WriteSection(string path, string body)
{
    const string heading = "## Recording formats", begin = "<!-- measured: begin -->", end = "<!-- measured: end -->";
    var text = File.ReadAllText(path);
    var start = text.IndexOf(heading, StringComparison.Ordinal);
    if (start < 0) throw new InvalidOperationException($"{path} has no '{heading}' section");
    var bodyStart = text.IndexOf('\n', start) + 1;
    var next = text.IndexOf("\n## ", bodyStart, StringComparison.Ordinal);
    var sectionEnd = next < 0 ? text.Length : next + 1;
    var from = text.IndexOf(begin, bodyStart, sectionEnd - bodyStart, StringComparison.Ordinal);
    var to = from < 0 ? -1 : text.IndexOf(end, from, sectionEnd - from, StringComparison.Ordinal);
    File.WriteAllText(path, from >= 0 && to >= 0
        ? text[..(from + begin.Length)] + "\n" + body + text[to..]
        : text[..bodyStart] + "\n" + begin + "\n" + body + end + "\n\n" + text[sectionEnd..]);
    Console.WriteLine($"wrote the '{heading}' section of {path}");
}

enum ReadMode { Chunks, DoublesFresh, DoublesReused, FloatsReused }

/// <summary>The caller's arrays for the reused modes: allocated on the warm-up read, outside the timed runs.</summary>
static class ReusedArrays
{
    private static readonly Dictionary<(string, int, Type), Array> Arrays = [];

    public static void Clear() => Arrays.Clear();

    public static T[] For<T>(string path, int stream, int size)
    {
        var key = (path, stream, typeof(T));
        if (Arrays.TryGetValue(key, out var existing) && existing.Length == size) return (T[])existing;
        var array = new T[size];
        Arrays[key] = array;
        return array;
    }
}

sealed class StepClock : Bci.Core.Time.IClock
{
    public double Now { get; set; } = 1000;
}
