namespace Bci.Lsl;

/// <summary>The outlet went away and the inlet cannot recover (recovery off, or the stream has no source_id).</summary>
public sealed class LslStreamLostException(string message, Exception? inner = null) : IOException(message, inner);
