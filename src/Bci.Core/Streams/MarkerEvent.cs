namespace Bci.Core.Streams;

/// <summary>
/// One event of a marker stream: a string value (numeric codes are carried as their text) stamped on the
/// LSL clock. Markers form a stream of their own and are aligned to data by time.
/// </summary>
public sealed record MarkerEvent(string Value, double Timestamp, string StreamName = "")
{
    public string Value { get; } = Value ?? throw new ArgumentNullException(nameof(Value));

    public double Timestamp { get; } = double.IsFinite(Timestamp)
        ? Timestamp
        : throw new ArgumentException($"marker '{Value}' of stream '{StreamName}' has timestamp {Timestamp} (must be finite seconds)", nameof(Timestamp));

    /// <summary>Optional duration in seconds (EDF+ annotations carry one); 0 when the event is instantaneous.</summary>
    public double Duration { get; init; }

    public override string ToString() => $"'{Value}' @ {Timestamp:0.0000} s";
}
