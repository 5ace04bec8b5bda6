namespace Bci.Recording.Edf;

/// <summary>One signal of an EDF/BDF header, with its digital-to-model scaling already worked out.</summary>
internal sealed record EdfSignal
{
    public required int Index { get; init; }
    public required string Label { get; init; }
    public required string Transducer { get; init; }
    public required string PhysicalDimension { get; init; }
    public required double PhysicalMinimum { get; init; }
    public required double PhysicalMaximum { get; init; }
    public required double DigitalMinimum { get; init; }
    public required double DigitalMaximum { get; init; }
    public required string Prefilter { get; init; }
    public required int SamplesPerRecord { get; init; }

    /// <summary>Where this signal's samples start inside a data record.</summary>
    public required long OffsetInRecord { get; init; }

    public required bool IsAnnotation { get; init; }

    /// <summary>Model value = digital * Gain + Offset (physical scaling times the unit factor to volts).</summary>
    public required double Gain { get; init; }

    public required double Offset { get; init; }

    /// <summary>Unit of the model values ("V" for voltages).</summary>
    public required string Unit { get; init; }
}
