namespace Bci.Alignment.Training;

/// <summary>How a linear mapping from brain features to latents was fitted.</summary>
public enum MappingKind
{
    /// <summary>Least squares with an L2 penalty: any feature and latent dimensions.</summary>
    Ridge,

    /// <summary>Orthogonal Procrustes (a rotation plus one scale) after standardising: few parameters, fast calibration.</summary>
    Procrustes,
}
