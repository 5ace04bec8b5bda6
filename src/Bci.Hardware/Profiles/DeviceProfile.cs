using Bci.Core.Streams;

namespace Bci.Hardware.Profiles;

/// <summary>
/// An acquisition device (or a recording layout) as hardware/*.json describes it: channels with types, units and
/// positions, the rates it runs at, the unit and scale of the values its vendor app publishes, and the LSL naming
/// of that app. Load one with <see cref="DeviceProfileReader"/>.
/// </summary>
public sealed record DeviceProfile
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Vendor { get; init; }

    /// <summary>EEG, MEG, ECoG or EMG.</summary>
    public required string Modality { get; init; }

    /// <summary>The rate the vendor app publishes by default, in hertz.</summary>
    public required double NominalRate { get; init; }

    /// <summary>Every rate the device can be set to, in hertz (contains <see cref="NominalRate"/>).</summary>
    public required IReadOnlyList<double> SupportedRates { get; init; }

    public required ChannelFormat Format { get; init; }

    /// <summary>Unit of the published values (microvolts, volts, SI) and the factor that turns them into SI units.</summary>
    public required string Unit { get; init; }
    public required double ScaleToSi { get; init; }

    public string Reference { get; init; } = "";
    public required LslConvention Lsl { get; init; }
    public required PositionFrame Positions { get; init; }
    public ProfileAnchors? Anchors { get; init; }
    public required IReadOnlyList<ProfileChannel> Channels { get; init; }
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The file the profile was read from, when it was read from one.</summary>
    public string? SourcePath { get; init; }

    public int ChannelCount => Channels.Count;

    /// <summary>
    /// The stream this device produces once inside a pipeline: its labels and types, SI units (the edge converts
    /// microvolts to volts), the nominal rate (or <paramref name="rate"/>) and the vendor's LSL name and type.
    /// </summary>
    public StreamDescription ToStreamDescription(string? name = null, double? rate = null, string? sourceId = null) =>
        new(name ?? Lsl.ConcreteName(), Lsl.Type,
            Channels.Select(c => new ChannelInfo(c.Label, c.Type, c.SiUnit, c.OriginalLabel)),
            rate ?? NominalRate, Format, sourceId ?? $"bci-profile-{Id}",
            new Dictionary<string, string>
            {
                ["profile"] = Id,
                ["manufacturer"] = Vendor,
                ["device"] = Name,
            });

    /// <summary>Index of a channel by label or original label (case-insensitive, trailing dots ignored as EDF pads them), or -1.</summary>
    public int IndexOf(string label)
    {
        var wanted = LabelMatching.Normalise(label);
        for (var i = 0; i < Channels.Count; i++)
        {
            if (LabelMatching.Normalise(Channels[i].Label) == wanted) return i;
            if (Channels[i].OriginalLabel is { } original && LabelMatching.Normalise(original) == wanted) return i;
        }
        return -1;
    }

    public override string ToString() => $"{Id}: {Name} ({ChannelCount} ch, {NominalRate:0.###} Hz, LSL '{Lsl.Name}' type {Lsl.Type})";
}
