namespace Bci.Hardware.Profiles;

/// <summary>A profile file could not be loaded: every problem found, each naming the file and the JSON location.</summary>
public sealed class ProfileException : Exception
{
    public ProfileException(IReadOnlyList<ProfileProblem> problems)
        : base(problems.Count == 1 ? problems[0].ToString() : $"{problems.Count} problems:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}")
    {
        Problems = problems;
    }

    public IReadOnlyList<ProfileProblem> Problems { get; }
}
