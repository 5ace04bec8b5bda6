using Bci.Core.Streams;

namespace Bci.Decoding.Training;

/// <summary>
/// Labelled epochs of one channel layout, rate and length: what training and evaluation consume. Built from the
/// epochs a pipeline's own stages cut (dsp.epoch), so training sees exactly what the live decoder will.
/// </summary>
public sealed class EpochSet
{
    public EpochSet(IReadOnlyList<string> channels, double rate, int samples, IReadOnlyList<string> classes, IReadOnlyList<LabeledEpoch> epochs)
    {
        if (channels.Count == 0) throw new ArgumentException("an epoch set needs at least one channel", nameof(channels));
        if (classes.Count < 2) throw new ArgumentException($"an epoch set needs at least two classes (has {string.Join(", ", classes)})", nameof(classes));
        foreach (var (epoch, i) in epochs.Select((e, i) => (e, i)))
        {
            if (epoch.Data.Length != channels.Count * samples)
                throw new ArgumentException($"epoch {i} (group '{epoch.Group}') has {epoch.Data.Length} values, expected {channels.Count} channels x {samples} samples");
            if ((uint)epoch.Label >= (uint)classes.Count)
                throw new ArgumentException($"epoch {i} (group '{epoch.Group}') has label {epoch.Label}, but there are {classes.Count} classes");
        }
        Channels = channels;
        Rate = rate;
        Samples = samples;
        Classes = classes;
        Epochs = epochs;
    }

    public IReadOnlyList<string> Channels { get; }
    public double Rate { get; }
    public int Samples { get; }
    public IReadOnlyList<string> Classes { get; }
    public IReadOnlyList<LabeledEpoch> Epochs { get; }
    public int Count => Epochs.Count;

    public IReadOnlyList<string> Groups => Epochs.Select(e => e.Group).Distinct(StringComparer.Ordinal).ToList();

    public EpochSet Where(Func<LabeledEpoch, bool> keep) => new(Channels, Rate, Samples, Classes, Epochs.Where(keep).ToList());

    /// <summary>
    /// Labelled epochs from marker-locked windows: the label is the event's value; windows whose value is not one
    /// of <paramref name="classes"/> (e.g. rest markers) are left out. Every window must have the same channels,
    /// rate and length as the first.
    /// </summary>
    public static EpochSet FromWindows(IEnumerable<(SignalWindow Window, string Group)> windows, IReadOnlyList<string> classes)
    {
        var list = new List<LabeledEpoch>();
        StreamDescription? first = null;
        var samples = 0;
        foreach (var (window, group) in windows)
        {
            if (window.Event is null) continue;
            var label = IndexOf(classes, window.Event.Value);
            if (label < 0) continue;
            if (first is null)
            {
                first = window.Stream;
                samples = window.SampleCount;
            }
            else
            {
                if (window.SampleCount != samples)
                    throw new ArgumentException($"epoch at {window.StartTime:0.000} s of group '{group}' has {window.SampleCount} samples, the first had {samples}");
                if (!window.Stream.Channels.Select(c => c.Label).SequenceEqual(first.Channels.Select(c => c.Label), StringComparer.OrdinalIgnoreCase))
                    throw new ArgumentException($"epochs of group '{group}' have channels {Labels(window.Stream)}, the first had {Labels(first)}");
                if (window.Stream.NominalRate != first.NominalRate)
                    throw new ArgumentException($"epochs of group '{group}' are at {window.Stream.NominalRate} Hz, the first at {first.NominalRate} Hz");
            }
            var data = new float[window.ChannelCount * window.SampleCount];
            var source = window.Data;
            for (var i = 0; i < data.Length; i++) data[i] = (float)source[i];
            list.Add(new LabeledEpoch(data, label, group));
        }
        if (first is null)
            throw new InvalidOperationException($"no epoch carries one of the classes {string.Join(", ", classes)}");
        return new EpochSet(first.Channels.Select(c => c.Label).ToList(), first.NominalRate, samples, classes, list);
    }

    private static int IndexOf(IReadOnlyList<string> classes, string value)
    {
        for (var i = 0; i < classes.Count; i++)
            if (string.Equals(classes[i], value.Trim(), StringComparison.Ordinal)) return i;
        return -1;
    }

    private static string Labels(StreamDescription s) => string.Join(",", s.Channels.Select(c => c.Label));
}
