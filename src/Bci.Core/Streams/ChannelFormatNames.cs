namespace Bci.Core.Streams;

/// <summary>Converts between <see cref="ChannelFormat"/> and the names LSL and XDF write (float32, double64, ...).</summary>
public static class ChannelFormatNames
{
    public static string ToName(this ChannelFormat format) => format switch
    {
        ChannelFormat.Float32 => "float32",
        ChannelFormat.Double64 => "double64",
        ChannelFormat.String => "string",
        ChannelFormat.Int32 => "int32",
        ChannelFormat.Int16 => "int16",
        ChannelFormat.Int8 => "int8",
        ChannelFormat.Int64 => "int64",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a channel format"),
    };

    public static bool TryParse(string? name, out ChannelFormat format)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "float32": format = ChannelFormat.Float32; return true;
            case "double64": format = ChannelFormat.Double64; return true;
            case "string": format = ChannelFormat.String; return true;
            case "int32": format = ChannelFormat.Int32; return true;
            case "int16": format = ChannelFormat.Int16; return true;
            case "int8": format = ChannelFormat.Int8; return true;
            case "int64": format = ChannelFormat.Int64; return true;
            default: format = default; return false;
        }
    }

    public static ChannelFormat Parse(string? name) =>
        TryParse(name, out var format)
            ? format
            : throw new FormatException($"'{name}' is not a channel format (expected float32, double64, string, int32, int16, int8 or int64)");

    /// <summary>Bytes one value occupies on the wire; 0 for strings (variable length).</summary>
    public static int ValueSize(this ChannelFormat format) => format switch
    {
        ChannelFormat.Float32 or ChannelFormat.Int32 => 4,
        ChannelFormat.Double64 or ChannelFormat.Int64 => 8,
        ChannelFormat.Int16 => 2,
        ChannelFormat.Int8 => 1,
        ChannelFormat.String => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
