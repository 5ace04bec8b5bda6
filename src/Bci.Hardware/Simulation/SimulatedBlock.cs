using Bci.Core.Streams;

namespace Bci.Hardware.Simulation;

/// <summary>
/// What a simulated device delivers for one block of time: the samples that survived the faults (null when none
/// did), when (seconds after the start) the device disconnected or reconnected during the block, and how many
/// samples the faults removed.
/// </summary>
public sealed record SimulatedBlock(SampleChunk? Chunk, double? DisconnectedAt, double? ReconnectedAt, int Lost);
