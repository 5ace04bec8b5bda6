using System.Globalization;
using Bci.Core.Streams;

namespace Bci.Hardware.Profiles;

/// <summary>
/// Compares a live stream with the profile it should match. <see cref="Errors"/> make the stream unusable with
/// a pipeline written for the profile (missing channels, wrong rate, wrong channel count for unlabelled streams);
/// <see cref="Warnings"/> are worth saying (extra channels, a different type, labels matched only by position).
/// <see cref="ChannelMap"/> gives, for each profile channel, its index in the stream (-1 when missing).
/// </summary>
public sealed record ProfileMatch(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings, IReadOnlyList<int> ChannelMap)
{
    public bool IsMatch => Errors.Count == 0;

    /// <param name="expectedRate">The rate the pipeline expects; null means the profile's nominal rate.</param>
    /// <param name="rateTolerance">Relative tolerance of the rate comparison.</param>
    public static ProfileMatch Check(StreamDescription stream, DeviceProfile profile, double? expectedRate = null, double rateTolerance = 1e-3)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        var rate = expectedRate ?? profile.NominalRate;
        var f = CultureInfo.InvariantCulture;
        if (!stream.IsRegular)
            errors.Add("the stream is irregular (nominal rate 0); a device stream has a fixed rate");
        else if (Math.Abs(stream.NominalRate - rate) > rate * rateTolerance)
        {
            var supported = profile.SupportedRates.Contains(stream.NominalRate) ? $"; {stream.NominalRate.ToString(f)} Hz is a supported rate of the device, set rate: {stream.NominalRate.ToString(f)} Hz if it is intended" : "";
            errors.Add($"rate is {stream.NominalRate.ToString(f)} Hz, expected {rate.ToString(f)} Hz{supported}");
        }
        if (!profile.Lsl.MatchesName(stream.Name))
            warnings.Add($"stream name '{stream.Name}' is not the vendor app's '{profile.Lsl.Name}'");

        var map = new int[profile.ChannelCount];
        var generic = stream.Channels.Length > 0 && stream.Channels.All(c => LabelMatching.IsGeneric(c.Label));
        if (generic)
        {
            // Apps without a channel map publish 1..N: match by position, which only works with the same count.
            if (stream.ChannelCount != profile.ChannelCount)
                errors.Add($"the stream's {stream.ChannelCount} channels are unlabelled ({stream.Channels[0].Label}, ...) and the profile has {profile.ChannelCount}: cannot match them");
            else
                warnings.Add($"the stream's channels are unlabelled ({stream.Channels[0].Label}, ...): matched to the profile's labels by position");
            for (var i = 0; i < map.Length; i++) map[i] = i < stream.ChannelCount ? i : -1;
            return new ProfileMatch(errors, warnings, map);
        }

        var missing = new List<string>();
        for (var i = 0; i < profile.ChannelCount; i++)
        {
            var channel = profile.Channels[i];
            var index = stream.IndexOf(channel.Label);
            if (index < 0) index = IndexByNormalised(stream, channel.Label);
            if (index < 0 && channel.OriginalLabel is { } original) index = IndexByNormalised(stream, original);
            map[i] = index;
            if (index < 0)
            {
                missing.Add(channel.Label);
                continue;
            }
            var type = stream.Channels[index].Type;
            if (type.Length > 0 && !string.Equals(type, channel.Type, StringComparison.OrdinalIgnoreCase))
                warnings.Add($"channel '{channel.Label}' is of type {type} in the stream, {channel.Type} in the profile");
        }
        if (missing.Count > 0)
            errors.Add($"missing {missing.Count} of the profile's {profile.ChannelCount} channels: {string.Join(", ", missing.Take(12))}{(missing.Count > 12 ? ", ..." : "")}");
        var extra = Enumerable.Range(0, stream.ChannelCount).Except(map).Select(i => stream.Channels[i].Label).ToList();
        if (extra.Count > 0)
            warnings.Add($"{extra.Count} channel(s) not in the profile: {string.Join(", ", extra.Take(12))}{(extra.Count > 12 ? ", ..." : "")}");
        return new ProfileMatch(errors, warnings, map);
    }

    private static int IndexByNormalised(StreamDescription stream, string label)
    {
        var wanted = LabelMatching.Normalise(label);
        for (var i = 0; i < stream.ChannelCount; i++)
        {
            var channel = stream.Channels[i];
            if (LabelMatching.Normalise(channel.Label) == wanted) return i;
            if (channel.OriginalLabel is { } original && LabelMatching.Normalise(original) == wanted) return i;
        }
        return -1;
    }

    /// <summary>One sentence naming the stream, the profile and every error.</summary>
    public string Describe(StreamDescription stream, DeviceProfile profile) =>
        $"stream '{stream.Name}' ({stream.ChannelCount} ch, {stream.NominalRate.ToString(CultureInfo.InvariantCulture)} Hz) does not match device profile '{profile.Id}'" +
        $"{(profile.SourcePath is null ? "" : $" ({profile.SourcePath})")}: {string.Join("; ", Errors)}";
}
