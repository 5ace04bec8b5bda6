using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Bci.Core.Streams;
using Json.Schema;

namespace Bci.Hardware.Profiles;

/// <summary>
/// Reads and validates device profiles: first against hardware/profile.schema.json (embedded in this assembly, so
/// the file editors use and the validator cannot differ), then against the rules a schema cannot express (unique
/// labels, positions matching the frame, the nominal rate among the supported ones, units matching types).
/// </summary>
public static class DeviceProfileReader
{
    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    /// <summary>The schema text (the embedded copy of hardware/profile.schema.json).</summary>
    public static string SchemaText
    {
        get
        {
            using var stream = typeof(DeviceProfileReader).Assembly.GetManifestResourceStream("Bci.Hardware.profile.schema.json")
                               ?? throw new InvalidOperationException("profile.schema.json is not embedded in Bci.Hardware");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>Loads a profile file; throws <see cref="ProfileException"/> listing every problem.</summary>
    public static DeviceProfile Load(string path)
    {
        var (profile, problems) = Read(path);
        if (problems.Count > 0) throw new ProfileException(problems);
        return profile!;
    }

    /// <summary>Every problem of a profile file (empty when it is valid).</summary>
    public static IReadOnlyList<ProfileProblem> Validate(string path) => Read(path).Problems;

    /// <summary>Parses profile JSON text; <paramref name="file"/> names it in messages.</summary>
    public static (DeviceProfile? Profile, IReadOnlyList<ProfileProblem> Problems) Parse(string json, string file, string? expectedId = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return (null, [new ProfileProblem(file, $"line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}", $"not valid JSON: {e.Message}")]);
        }
        using (document)
        {
            var problems = SchemaProblems(document.RootElement, file);
            if (problems.Count > 0) return (null, problems);
            var profile = Build(document.RootElement, file);
            problems.AddRange(RuleProblems(profile, file, expectedId));
            return (problems.Count == 0 ? profile : null, problems);
        }
    }

    private static (DeviceProfile? Profile, IReadOnlyList<ProfileProblem> Problems) Read(string path)
    {
        if (!File.Exists(path))
            return (null, [new ProfileProblem(path, "", "file not found")]);
        return Parse(File.ReadAllText(path), path, Path.GetFileNameWithoutExtension(path));
    }

    private static JsonSchema LoadSchema() => JsonSchema.FromText(SchemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static List<ProfileProblem> SchemaProblems(JsonElement root, string file)
    {
        var results = Schema.Value.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return [];
        var problems = new List<ProfileProblem>();
        foreach (var detail in (results.Details ?? []).Prepend(results).Where(d => d.Errors is { Count: > 0 }))
        foreach (var (keyword, message) in detail.Errors!)
            problems.Add(new ProfileProblem(file, detail.InstanceLocation.ToString(), $"{message} ({keyword})"));
        if (problems.Count == 0) problems.Add(new ProfileProblem(file, "", "does not match hardware/profile.schema.json"));
        return problems.Distinct().ToList();
    }

    private static DeviceProfile Build(JsonElement root, string file)
    {
        static string Text(JsonElement e, string name, string fallback = "") =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : fallback;
        static IReadOnlyList<double>? Point(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetDouble()).ToArray() : null;

        var rate = root.GetProperty("rate");
        var nominal = rate.GetProperty("nominal").GetDouble();
        var supported = rate.TryGetProperty("supported", out var s) ? s.EnumerateArray().Select(x => x.GetDouble()).ToArray() : [nominal];
        var lsl = root.GetProperty("lsl");
        var positions = root.GetProperty("positions");
        ProfileAnchors? anchors = null;
        if (root.TryGetProperty("anchors", out var a) && Point(a, "left_motor") is { } left && Point(a, "right_motor") is { } right && Point(a, "occipital") is { } occipital)
            anchors = new ProfileAnchors(left, right, occipital);

        return new DeviceProfile
        {
            Id = Text(root, "id"),
            Name = Text(root, "name"),
            Vendor = Text(root, "vendor"),
            Modality = Text(root, "modality"),
            NominalRate = nominal,
            SupportedRates = supported,
            Format = ChannelFormatNames.Parse(Text(root, "format")),
            Unit = Text(root, "unit"),
            ScaleToSi = root.GetProperty("scale_to_si").GetDouble(),
            Reference = Text(root, "reference"),
            Lsl = new LslConvention(Text(lsl, "name"), Text(lsl, "type"), Text(lsl, "app"), Text(lsl, "notes")),
            Positions = new PositionFrame(Text(positions, "frame"), Text(positions, "unit"), Text(positions, "source")),
            Anchors = anchors,
            Channels = root.GetProperty("channels").EnumerateArray()
                .Select(c => new ProfileChannel(Text(c, "label"), Text(c, "type"), Text(c, "unit"), Point(c, "position"),
                    c.TryGetProperty("original_label", out var o) ? o.GetString() : null))
                .ToArray(),
            References = root.TryGetProperty("references", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToArray() : [],
            SourcePath = File.Exists(file) ? Path.GetFullPath(file) : null,
        };
    }

    private static IEnumerable<ProfileProblem> RuleProblems(DeviceProfile profile, string file, string? expectedId)
    {
        ProfileProblem At(string location, string message) => new(file, location, message);

        if (expectedId is not null && profile.Id != expectedId)
            yield return At("/id", $"id '{profile.Id}' differs from the file name '{expectedId}.json'");
        if (!profile.SupportedRates.Contains(profile.NominalRate))
            yield return At("/rate/nominal", $"nominal rate {profile.NominalRate.ToString(CultureInfo.InvariantCulture)} Hz is not among the supported rates ({string.Join(", ", profile.SupportedRates)})");

        var expectedScale = profile.Unit switch { "microvolts" => 1e-6, "millivolts" => 1e-3, _ => 1.0 };
        if (Math.Abs(profile.ScaleToSi - expectedScale) > expectedScale * 1e-9)
            yield return At("/scale_to_si", $"unit '{profile.Unit}' needs scale_to_si {expectedScale.ToString("R", CultureInfo.InvariantCulture)}, not {profile.ScaleToSi.ToString("R", CultureInfo.InvariantCulture)}");

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var dimensions = profile.Positions.Dimensions;
        for (var i = 0; i < profile.Channels.Count; i++)
        {
            var channel = profile.Channels[i];
            foreach (var name in new[] { channel.Label, channel.OriginalLabel }.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var key = LabelMatching.Normalise(name);
                if (seen.TryGetValue(key, out var first) && first != i)
                    yield return At($"/channels/{i}/label", $"label '{name}' is also used by channel {first} ('{profile.Channels[first].Label}')");
                else seen[key] = i;
            }
            if (channel.Position is { } p)
            {
                if (p.Count != dimensions)
                    yield return At($"/channels/{i}/position", $"channel '{channel.Label}' has {p.Count} coordinates; frame '{profile.Positions.Frame}' needs {dimensions}");
                else if (profile.Positions.Frame == PositionFrame.Head && Math.Sqrt(p.Sum(x => x * x)) > 0.25)
                    yield return At($"/channels/{i}/position", $"channel '{channel.Label}' lies {Math.Sqrt(p.Sum(x => x * x)):0.###} m from the head centre (positions are in metres; millimetres by mistake?)");
            }
            else if (channel.IsNeural)
                yield return At($"/channels/{i}", $"{channel.Type} channel '{channel.Label}' has no position");
            var unitOk = channel.Type switch
            {
                "EEG" or "EOG" or "EMG" or "ECG" or "AUX" => channel.Unit is "microvolts" or "millivolts" or "volts",
                "MAG" => channel.Unit == "T",
                "GRAD" => channel.Unit == "T/m",
                _ => true,
            };
            if (!unitOk)
                yield return At($"/channels/{i}/unit", $"channel '{channel.Label}' of type {channel.Type} cannot be in '{channel.Unit}'");
        }

        var neural = profile.Channels.Count(c => c.IsNeural);
        if (profile.Modality == "MEG" && !profile.Channels.Any(c => c.Type is "MAG" or "GRAD"))
            yield return At("/channels", "an MEG profile needs MAG or GRAD channels");
        if (profile.Modality is "EEG" or "ECoG" && !profile.Channels.Any(c => c.Type == "EEG"))
            yield return At("/channels", $"an {profile.Modality} profile needs EEG channels");
        if (neural == 0)
            yield return At("/channels", "no channel carries brain signals");

        if (profile.Anchors is { } anchors)
        {
            foreach (var (name, point) in new[] { ("left_motor", anchors.LeftMotor), ("right_motor", anchors.RightMotor), ("occipital", anchors.Occipital) })
                if (point.Count != dimensions)
                    yield return At($"/anchors/{name}", $"has {point.Count} coordinates; frame '{profile.Positions.Frame}' needs {dimensions}");
        }
    }
}
