namespace Bci.Cli.Bench;

/// <summary>What decodes the windows in a latency run.</summary>
public enum DecoderKind
{
    /// <summary>No computation (bench.no-decoder): the path without a decoder.</summary>
    None,

    /// <summary>CSP + shrinkage LDA (the csp-lda stage).</summary>
    CspLda,

    /// <summary>The contrastive transformer, tiny preset (the decode stage).</summary>
    Transformer,
}
