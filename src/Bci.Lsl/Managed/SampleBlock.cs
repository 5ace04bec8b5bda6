namespace Bci.Lsl.Managed;

/// <summary>Samples of one push, serialised once in protocol 1.10 and shared (read-only) by every consumer queue.</summary>
internal sealed class SampleBlock(byte[] data, int length, int samples)
{
    public byte[] Data { get; } = data;
    public int Length { get; } = length;
    public int Samples { get; } = samples;
}
