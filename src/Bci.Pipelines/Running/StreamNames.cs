using Bci.Core.Streams;

namespace Bci.Pipelines.Running;

/// <summary>The stream an item belongs to, for error messages that name it.</summary>
internal static class StreamNames
{
    public static string? Of(object? item) => item switch
    {
        SampleChunk chunk => chunk.Stream.Name,
        SignalWindow window => window.Stream.Name,
        MarkerEvent marker => marker.StreamName,
        DecodedOutput output => output.Decoder,
        _ => null,
    };
}
