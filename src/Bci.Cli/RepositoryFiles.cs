namespace Bci.Cli;

/// <summary>Finds the repository's own folders (pipelines/, hardware/, recordings/) from wherever bci runs.</summary>
public static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                    if (File.Exists(Path.Combine(dir.FullName, "BciPipeline.sln")))
                        return dir.FullName;
            return Environment.CurrentDirectory;
        }
    }
}
