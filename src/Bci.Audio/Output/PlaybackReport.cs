namespace Bci.Audio.Output;

/// <summary>What playing one sound measured: when it was asked for and heard (LSL clock), the output's buffer and the delays it reported.</summary>
public sealed record PlaybackReport(
    string Device,
    double RequestedAt,
    double Onset,
    double BufferSeconds,
    double PeriodSeconds,
    double MaxDelaySeconds,
    long Underruns,
    long FramesPlayed)
{
    /// <summary>From the request to the first sample reaching the listener: next-period wait + output delay.</summary>
    public double Latency => Onset - RequestedAt;
}
