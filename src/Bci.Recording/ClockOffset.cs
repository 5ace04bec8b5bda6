namespace Bci.Recording;

/// <summary>
/// One clock offset measurement of an XDF stream: at <see cref="CollectionTime"/> (recording machine's clock),
/// the sending machine's clock was <see cref="Value"/> seconds away (add it to a sender timestamp to get the
/// recorder's time).
/// </summary>
public readonly record struct ClockOffset(double CollectionTime, double Value);
