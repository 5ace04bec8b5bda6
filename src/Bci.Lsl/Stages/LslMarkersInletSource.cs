using Bci.Core.Stages;
using Bci.Core.Streams;
using Bci.Lsl.Config;

namespace Bci.Lsl.Stages;

/// <summary>
/// Pulls an LSL marker stream (string, or numeric codes read as text) into the pipeline as marker events; the first
/// channel is the marker's value. Marker streams are irregular, so silence is normal unless a timeout is set.
/// </summary>
[Stage("lsl.markers-inlet", Description = "LSL marker stream -> marker events (first channel's text; clock sync; recovery).")]
public sealed class LslMarkersInletSource : LslInletStage<MarkerEvent>
{
    [Option("resolve-timeout", Unit = "s", Description = "How long to look for the stream before the run fails; 0 waits forever.")]
    public double ResolveTimeout { get; init; } = 10;

    [Option("timeout", Unit = "s", Description = "Fail when no marker arrives for this long; 0 (default) allows any silence.")]
    public double Timeout { get; init; }

    public override IEnumerable<string> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        if (Timeout < 0 || ResolveTimeout < 0) yield return "timeouts cannot be negative";
    }

    protected override void Run(StageContext context, CancellationToken stop, IObserver<MarkerEvent> observer)
    {
        var (backend, resolved) = Resolve(context, ResolveTimeout, stop);
        using var inlet = backend.CreateInlet(resolved, new LslInletOptions { Processing = ClockSync ? LslProcessing.ClockSync : LslProcessing.None, Log = context.Warn });
        context.Info($"receiving markers of {resolved} ({backend.Name})");
        if (ClockSync) inlet.TimeCorrection(5);
        var markers = context.Health.Counter("markers");
        var values = new string[Math.Max(1, resolved.ChannelCount)];
        var numeric = new double[Math.Max(1, resolved.ChannelCount)];
        var lastData = DateTime.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            bool got;
            double ts;
            if (resolved.Format == ChannelFormat.String) got = inlet.TryPullStrings(values, 0.05, out ts);
            else
            {
                got = inlet.TryPullSample<double>(numeric, 0.05, out ts);
                if (got) values[0] = numeric[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            }
            if (!got)
            {
                ThrowIfSilent(lastData, Timeout, $"LSL marker stream '{resolved.Name}'");
                continue;
            }
            lastData = DateTime.UtcNow;
            markers.Increment();
            observer.OnNext(new MarkerEvent(values[0], ts, resolved.Name));
        }
        observer.OnCompleted();
    }
}
