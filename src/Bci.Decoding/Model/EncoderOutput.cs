using static TorchSharp.torch;

namespace Bci.Decoding.Model;

/// <summary>
/// What one forward pass gives: the L2-normalised embedding [B, d], the class logits [B, K] (null without a
/// classification head) and the pooled features [B, model-dim] both heads read from.
/// </summary>
public readonly record struct EncoderOutput(Tensor Embedding, Tensor? Logits, Tensor Features);
