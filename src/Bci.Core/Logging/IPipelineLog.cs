namespace Bci.Core.Logging;

/// <summary>Where stages report what a person should read (the CLI prints it; tests collect it).</summary>
public interface IPipelineLog
{
    void Write(LogLevel level, string source, string message);
}
