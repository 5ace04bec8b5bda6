namespace Bci.Dsp.Stages;

/// <summary>What dsp.reref subtracts from every referenced channel.</summary>
public enum ReferenceMode
{
    /// <summary>Common average: the mean of the referenced channels, sample by sample.</summary>
    Average,

    /// <summary>One named channel (e.g. Cz).</summary>
    Channel,

    /// <summary>The mean of the two mastoid (or ear-lobe) channels.</summary>
    LinkedMastoids,
}
