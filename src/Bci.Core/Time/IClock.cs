namespace Bci.Core.Time;

/// <summary>A source of timestamps in seconds on the pipeline's one clock.</summary>
public interface IClock
{
    double Now { get; }
}
