using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bci.Core.Time;
using Bci.Lsl.Config;

namespace Bci.Lsl.Managed;

/// <summary>
/// liblsl's clock-offset service, client side (time_receiver.cpp): rounds of TimeProbeCount LSL:timedata probes
/// TimeProbeInterval apart to the outlet's service port; with at least TimeUpdateMinProbes answers, the probe with
/// the smallest round-trip time gives the offset. Correction = local - remote; a new round every TimeUpdateInterval.
/// </summary>
internal sealed class TimeCorrectionClient : IDisposable
{
    private readonly Func<IPEndPoint?> _endpoint;
    private readonly LslConfig _config;
    private readonly IClock _clock;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<string>? _log;
    private Thread? _thread;
    private bool _disposed;
    private double? _correction;

    public TimeCorrectionClient(Func<IPEndPoint?> endpoint, LslConfig config, IClock clock, Action<string>? log = null)
    {
        _log = log;
        _endpoint = endpoint;
        _config = config;
        _clock = clock;
    }

    /// <summary>Round-trip time of the winning probe of the last round (seconds).</summary>
    public double Uncertainty { get; private set; } = double.NaN;

    /// <summary>The latest estimate, or null before the first round finished.</summary>
    public double? Current { get { lock (_gate) return _correction; } }

    /// <summary>The current correction, starting the probe rounds on first use and waiting for the first result.</summary>
    public double Get(double timeoutSeconds, string streamName)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _thread ??= LslThreads.Start($"lsl-time {streamName}", Run, _log);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(Math.Min(timeoutSeconds, 1e6));
            while (_correction is null)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException($"stream '{streamName}': no clock offset measured within {timeoutSeconds:0.###} s (the outlet's service port did not answer enough time probes)");
                Monitor.Wait(_gate, left > TimeSpan.FromMinutes(10) ? TimeSpan.FromMinutes(10) : left);
            }
            return _correction.Value;
        }
    }

    /// <summary>Forgets the estimate (the inlet switched to another outlet, whose clock may differ).</summary>
    public void Reset()
    {
        lock (_gate) _correction = null;
    }

    private void Run()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        var random = new Random();
        var buffer = new byte[1024];
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            var roundStart = _clock.Now;
            var target = _endpoint();
            if (target is not null) Round(socket, target, random.Next(1, int.MaxValue), buffer, stop);
            var wait = roundStart + _config.TimeUpdateInterval - _clock.Now;
            if (stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(Math.Clamp(wait, 0.05, 3600)))) return;
        }
    }

    private void Round(Socket socket, IPEndPoint target, int wave, byte[] buffer, CancellationToken stop)
    {
        var best = (rtt: double.PositiveInfinity, offset: 0.0);
        var replies = 0;
        var start = _clock.Now;
        var end = start + _config.TimeProbeMaxRtt + _config.TimeProbeInterval * _config.TimeProbeCount;
        var sent = 0;
        var nextProbe = start;
        while (!stop.IsCancellationRequested)
        {
            var now = _clock.Now;
            if (now >= end) break;
            if (sent < _config.TimeProbeCount && now >= nextProbe)
            {
                var message = string.Create(CultureInfo.InvariantCulture, $"LSL:timedata\r\n{wave} {_clock.Now:R}\r\n");
                try { socket.SendTo(Encoding.ASCII.GetBytes(message), target); } catch (SocketException) { } // unreachable now: the next probe may pass
                sent++;
                nextProbe = start + sent * _config.TimeProbeInterval;
            }
            var until = Math.Min(end, sent < _config.TimeProbeCount ? nextProbe : end) - _clock.Now;
            if (!socket.Poll((int)Math.Max(100, until * 1e6), SelectMode.SelectRead)) continue;
            int length;
            try { length = socket.Receive(buffer); }
            catch (SocketException) { continue; }
            var t3 = _clock.Now;
            var fields = Encoding.ASCII.GetString(buffer, 0, length).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || fields[0] != wave.ToString(CultureInfo.InvariantCulture)) continue;
            if (!double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var t0)
                || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var t1)
                || !double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var t2)) continue;
            replies++;
            var rtt = (t3 - t0) - (t2 - t1);
            if (rtt < best.rtt) best = (rtt, ((t1 - t0) + (t2 - t3)) / 2);
        }
        if (replies >= _config.TimeUpdateMinProbes)
        {
            lock (_gate)
            {
                _correction = -best.offset;
                Uncertainty = best.rtt;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Stops the probe rounds and waits for the thread; a caller waiting in <see cref="Get"/> gets an ObjectDisposedException.</summary>
    public void Dispose()
    {
        Thread? thread;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            thread = _thread;
            Monitor.PulseAll(_gate);
        }
        _stop.Cancel();
        LslThreads.JoinAll([thread], TimeSpan.FromSeconds(2));
        // _stop stays undisposed: a thread slower than the join still reads its token.
    }
}
