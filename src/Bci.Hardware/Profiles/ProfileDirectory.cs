namespace Bci.Hardware.Profiles;

/// <summary>
/// Finds profiles: a path to a .json file, or a bare id ("openbci-cyton-8") looked up in the repository's hardware/
/// folder (found above the working folder or the program, or where BCI_HARDWARE points).
/// </summary>
public static class ProfileDirectory
{
    /// <summary>The hardware/ folder, or null when none is found.</summary>
    public static string? Find(string? startDirectory = null)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("BCI_HARDWARE");
        if (!string.IsNullOrWhiteSpace(fromEnvironment) && Directory.Exists(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        foreach (var start in new[] { startDirectory, Environment.CurrentDirectory, AppContext.BaseDirectory }.OfType<string>())
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "hardware");
                if (File.Exists(Path.Combine(candidate, "profile.schema.json"))) return candidate;
            }
        }
        return null;
    }

    /// <summary>Every profile file of the hardware folder, sorted by id.</summary>
    public static IReadOnlyList<string> All(string? startDirectory = null)
    {
        var folder = Find(startDirectory);
        if (folder is null) return [];
        return Directory.EnumerateFiles(folder, "*.json")
            .Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    /// <summary>The file of a profile given as a path or an id; throws naming what was tried.</summary>
    public static string Resolve(string pathOrId, string? baseDirectory = null)
    {
        if (pathOrId.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || pathOrId.Contains('/') || pathOrId.Contains('\\'))
        {
            var full = Path.GetFullPath(Path.IsPathRooted(pathOrId) ? pathOrId : Path.Combine(baseDirectory ?? Environment.CurrentDirectory, pathOrId));
            if (File.Exists(full)) return full;
            // Pipelines live in pipelines/ and often name hardware/x.json from the repository root: try that too.
            var byId = Path.GetFileNameWithoutExtension(pathOrId);
            var folder = Find(baseDirectory);
            var fallback = folder is null ? null : Path.Combine(folder, byId + ".json");
            if (fallback is not null && File.Exists(fallback)) return fallback;
            throw new FileNotFoundException($"device profile '{pathOrId}' not found (looked at {full}{(fallback is null ? "" : $" and {fallback}")})");
        }
        var hardware = Find(baseDirectory) ?? throw new DirectoryNotFoundException(
            $"device profile '{pathOrId}': no hardware/ folder found above {baseDirectory ?? Environment.CurrentDirectory} (give a path to the .json file)");
        var file = Path.Combine(hardware, pathOrId + ".json");
        if (File.Exists(file)) return file;
        var known = string.Join(", ", All(baseDirectory).Select(Path.GetFileNameWithoutExtension));
        throw new FileNotFoundException($"no device profile '{pathOrId}' in {hardware} (known: {known})");
    }

    /// <summary>Resolves and loads a profile (path or id).</summary>
    public static DeviceProfile Load(string pathOrId, string? baseDirectory = null) => DeviceProfileReader.Load(Resolve(pathOrId, baseDirectory));
}
