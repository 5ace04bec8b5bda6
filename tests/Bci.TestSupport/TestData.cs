namespace Bci.TestSupport;

/// <summary>
/// Locates the real recordings in ../shared/data (beside the repository), or where BCI_SHARED_DATA points.
/// Third-party data is read from there, never copied into the repository.
/// </summary>
public static class TestData
{
    private static readonly Lazy<string?> RootDirectory = new(FindRoot);

    /// <summary>True when running under CI (CI=true): absent data is then a failure, not a skip.</summary>
    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The shared data folder, or null when it is absent.</summary>
    public static string? Root => RootDirectory.Value;

    /// <summary>The repository's root folder (where BciPipeline.sln is).</summary>
    public static string RepositoryRoot => FindRepositoryRoot() ?? throw new InvalidOperationException("BciPipeline.sln not found above " + AppContext.BaseDirectory);

    /// <summary>Full path of a file or folder under the shared data folder, or null when absent.</summary>
    public static string? Find(string relativePath)
    {
        if (Root is null) return null;
        var full = Path.Combine(Root, relativePath);
        return File.Exists(full) || Directory.Exists(full) ? full : null;
    }

    /// <summary>Full path of a shared data file; throws with a clear message when it is absent.</summary>
    public static string Require(string relativePath) =>
        Find(relativePath) ?? throw new FileNotFoundException(
            $"shared test data '{relativePath}' is missing (looked in {Root ?? "../shared/data beside the repository"}; set BCI_SHARED_DATA to point elsewhere)");

    /// <summary>Why a test needing <paramref name="relativePaths"/> must be skipped, or null when it can run.</summary>
    public static string? SkipReason(params string[] relativePaths)
    {
        if (UnderCi) return null; // under CI an absent file makes the test fail in Require
        var missing = relativePaths.Where(p => Find(p) is null).ToList();
        return missing.Count == 0 ? null : $"shared data not present: {string.Join(", ", missing)} (../shared/data or BCI_SHARED_DATA)";
    }

    private static string? FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("BCI_SHARED_DATA");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Directory.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        var repo = FindRepositoryRoot();
        if (repo is null) return null;
        var candidate = Path.GetFullPath(Path.Combine(repo, "..", "shared", "data"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BciPipeline.sln")))
                return dir.FullName;
        return null;
    }
}
