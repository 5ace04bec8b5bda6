using Bci.Core.Time;
using Bci.Lsl;
using Bci.Lsl.Config;
using Bci.Lsl.Info;

namespace Bci.Cli.Bench;

/// <summary>
/// The consumer end of the latency benchmark, as a game or feedback program would be: resolves the decoded LSL
/// stream by source id (the decoded outlet appears with the first output), pulls each sample with a blocking pull,
/// and notes the LSL clock the moment the pull returns. Runs on its own thread until disposed.
/// </summary>
public sealed class DecodedReceiver : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private volatile bool _connected;

    public DecodedReceiver(string sourceId, LslConfig config, LatencyTrace trace)
    {
        _thread = new Thread(() =>
        {
            try
            {
                Run(sourceId, config, trace);
            }
            catch (Exception e) when (_stop.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException)
            {
            }
            catch (Exception e)
            {
                Error = e;
            }
        }) { IsBackground = true, Name = "bench: decoded receiver" };
        _thread.Start();
    }

    /// <summary>What stopped the receiver early, if anything.</summary>
    public Exception? Error { get; private set; }

    public bool Connected => _connected;

    public long Samples { get; private set; }

    private void Run(string sourceId, LslConfig config, LatencyTrace trace)
    {
        var resolver = new LslResolver(config);
        LslStreamInfo? info = null;
        while (info is null && !_stop.IsCancellationRequested)
            info = resolver.Resolve(LslQuery.Property("source_id", sourceId), 1, 0.5).FirstOrDefault();
        if (info is null) return;
        using var inlet = new LslInlet(info, new LslInletOptions { Config = config });
        inlet.Open(10);
        _connected = true;
        var values = new float[info.ChannelCount];
        while (!_stop.IsCancellationRequested)
        {
            if (!inlet.TryPullSample<float>(values, 0.1, out var timestamp)) continue;
            var now = LslClock.LocalClock();
            Samples++;
            trace.MarkReceived(timestamp, now);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
