namespace Bci.Hardware.Profiles;

/// <summary>One thing wrong with a profile file: the file, the JSON location (a JSON pointer such as /channels/3/type) and what is wrong.</summary>
public sealed record ProfileProblem(string File, string Location, string Message)
{
    public override string ToString() => $"{File}: {(Location.Length == 0 ? "/" : Location)}: {Message}";
}
