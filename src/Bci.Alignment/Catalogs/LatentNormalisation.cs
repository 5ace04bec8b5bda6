namespace Bci.Alignment.Catalogs;

/// <summary>How the vectors of a catalog were normalised when they were stored.</summary>
public enum LatentNormalisation
{
    /// <summary>As the encoder produced them.</summary>
    None,

    /// <summary>Each vector scaled to unit Euclidean length (cosine similarity is then a dot product).</summary>
    L2,
}
