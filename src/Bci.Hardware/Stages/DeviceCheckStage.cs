using System.Globalization;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Hardware.Profiles;

namespace Bci.Hardware.Stages;

/// <summary>
/// Checks a live stream against a device profile and passes it on unchanged. A stream that lacks profile channels
/// or runs at another rate stops the pipeline with an error naming the stream, the profile and what differs; a
/// match is logged with its warnings (extra channels, labels matched by position). While data flows it counts
/// gaps in the timestamps (samples the device or the network lost) and timestamps that go backwards.
/// </summary>
[Stage("device.check", Description = "Checks the stream against a device profile (hardware/*.json): missing channels or a wrong rate stop the run with a clear error; counts gaps and lost samples.")]
public sealed class DeviceCheckStage : IStage<SampleChunk, SampleChunk>, IValidatingStage
{
    [Option("profile", Required = true, Description = "Device profile: a path to hardware/X.json (relative to the pipeline file) or its id.")]
    public string Profile { get; init; } = "";

    [Option("rate", Unit = "Hz", Description = "Rate the pipeline expects; 0 = the profile's nominal rate.")]
    public double Rate { get; init; }

    [Option("gap", Unit = "samples", Description = "A step between consecutive timestamps longer than this many sample periods counts as a gap.")]
    public double Gap { get; init; } = 1.5;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Profile)) yield return "profile is required (a path to hardware/X.json or a profile id)";
        if (Rate < 0) yield return "rate cannot be negative";
        if (Gap <= 1) yield return $"gap must be above 1 sample period, not {Gap}";
    }

    public IObservable<SampleChunk> Apply(IObservable<SampleChunk> input, StageContext context) => Observable.Defer(() =>
    {
        var profile = ProfileDirectory.Load(Profile, context.BaseDirectory);
        var gaps = context.Health.Counter("gaps");
        var lost = context.Health.Counter("lost-samples");
        var backwards = context.Health.Counter("backwards");
        StreamDescription? checkedStream = null;
        var last = double.NaN;

        return input.Select(chunk =>
        {
            if (!ReferenceEquals(chunk.Stream, checkedStream) && !chunk.Stream.Equals(checkedStream))
            {
                var match = ProfileMatch.Check(chunk.Stream, profile, Rate > 0 ? Rate : null);
                if (!match.IsMatch) throw new InvalidOperationException(match.Describe(chunk.Stream, profile));
                context.Info($"stream '{chunk.Stream.Name}' matches device profile '{profile.Id}' ({profile.ChannelCount} channels, {chunk.Stream.NominalRate.ToString(CultureInfo.InvariantCulture)} Hz)");
                foreach (var warning in match.Warnings) context.Warn(warning);
                checkedStream = chunk.Stream;
            }
            var period = 1.0 / chunk.Stream.NominalRate;
            var times = chunk.Timestamps;
            for (var i = 0; i < times.Length; i++)
            {
                if (!double.IsNaN(last))
                {
                    var step = times[i] - last;
                    if (step < 0) backwards.Increment();
                    else if (step > Gap * period)
                    {
                        gaps.Increment();
                        lost.Add((long)Math.Round(step / period) - 1);
                    }
                }
                last = times[i];
            }
            return chunk;
        });
    });
}
