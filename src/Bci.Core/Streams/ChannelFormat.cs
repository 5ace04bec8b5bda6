namespace Bci.Core.Streams;

/// <summary>Value type of a stream's channels, with the numeric codes LSL's C API uses.</summary>
public enum ChannelFormat
{
    Float32 = 1,
    Double64 = 2,
    String = 3,
    Int32 = 4,
    Int16 = 5,
    Int8 = 6,
    Int64 = 7,
}
