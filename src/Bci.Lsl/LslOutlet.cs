using System.Net;
using System.Net.Sockets;
using System.Numerics;
using Bci.Core.Streams;
using Bci.Lsl.Config;
using Bci.Lsl.Info;
using Bci.Lsl.Managed;
using Bci.Lsl.Wire;

namespace Bci.Lsl;

/// <summary>
/// Managed LSL outlet, wire-compatible with liblsl 1.10+ inlets (and 1.00 ones): announces the stream on the
/// discovery port and its own service port, serves any number of inlets over TCP, each with its own bounded
/// buffer (max_buffered), and never blocks a push. Every sample is serialised once and carries an explicit
/// timestamp, so an inlet joining mid-stream never has to guess one.
/// </summary>
public sealed class LslOutlet : ILslOutlet
{
    private readonly LslOutletOptions _options;
    private readonly FeedServer _server;
    private readonly ServiceResponder _responder;
    private readonly int _sampleSize;
    private readonly ManualResetEventSlim _hasConsumers = new(false);
    private readonly object _pushGate = new();
    private byte[] _scratch = [];
    private double _lastTimestamp;
    private bool _disposed;

    public LslOutlet(LslStreamInfo info, LslOutletOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        _options = options ?? new LslOutletOptions();
        var config = _options.Config ?? LslConfig.Load();
        var clock = _options.Clock;
        Action<string> log = _options.Log ?? (_ => { });

        Info = info.Clone();
        Info.Version = 110;
        Info.CreatedAt = clock.Now;
        Info.Uid = Guid.NewGuid().ToString();
        Info.SessionId = config.SessionId;
        Info.Hostname = Dns.GetHostName();
        Info.V4Address = "";
        Info.V6Address = "";
        Info.V6DataPort = 0;
        Info.V6ServicePort = 0;

        var listener = PortBinder.Bind(SocketType.Stream, ProtocolType.Tcp, config, IPAddress.Any);
        Info.V4DataPort = PortBinder.PortOf(listener);
        _responder = new ServiceResponder(config, Info, clock, log);
        var fullXml = Info.ToFullXml();
        var shortXml = Info.ToShortXml();
        var capacity = (int)Math.Clamp(Info.IsRegular ? Info.NominalRate * _options.MaxBufferedSeconds : _options.MaxBufferedSeconds * 100, 1, int.MaxValue);
        _server = new FeedServer(listener, Info, () => fullXml, () => shortXml, capacity, log);
        _server.ConsumersChanged += () =>
        {
            if (_server.Consumers.Length > 0) _hasConsumers.Set();
            else _hasConsumers.Reset();
        };
        _sampleSize = Info.Format == ChannelFormat.String ? 0 : SampleWriter.NumericSampleSize(Info.ChannelCount, Info.Format);
    }

    public LslStreamInfo Info { get; }

    public bool HaveConsumers => _server.Consumers.Length > 0;

    public int ConsumerCount => _server.Consumers.Length;

    /// <summary>Samples dropped so far because an inlet's buffer was full (summed over current inlets).</summary>
    public long DroppedSamples => _server.Consumers.Sum(c => c.DroppedSamples);

    /// <summary>Connections closed because they sent something that is not an LSL request.</summary>
    public long RejectedConnections => _server.RejectedConnections;

    public bool WaitForConsumers(double timeoutSeconds) => _hasConsumers.Wait(TimeSpan.FromSeconds(Math.Max(0, timeoutSeconds)));

    public void PushSample<T>(ReadOnlySpan<T> values, double timestamp = 0) where T : unmanaged, INumberBase<T>
    {
        CheckNumeric(values.Length, 1);
        lock (_pushGate)
        {
            var consumers = _server.Consumers;
            if (consumers.Length == 0) { _lastTimestamp = Stamp(timestamp); return; }
            var data = Scratch(_sampleSize);
            SampleWriter.WriteNumeric(data, Stamp(timestamp), values, Info.Format);
            Deliver(consumers, data, _sampleSize, 1);
        }
    }

    public void PushChunk<T>(ReadOnlySpan<T> values, ReadOnlySpan<double> timestamps) where T : unmanaged, INumberBase<T>
    {
        var n = timestamps.Length;
        CheckNumeric(values.Length, n);
        if (n == 0) return;
        var c = Info.ChannelCount;
        lock (_pushGate)
        {
            var consumers = _server.Consumers;
            if (consumers.Length == 0) { _lastTimestamp = Stamp(timestamps[n - 1]); return; }
            var length = _sampleSize * n;
            var data = Scratch(length);
            for (var s = 0; s < n; s++)
                SampleWriter.WriteNumeric(data.AsSpan(s * _sampleSize), Stamp(timestamps[s]), values.Slice(s * c, c), Info.Format);
            Deliver(consumers, data, length, n);
        }
    }

    /// <summary>Pushes samples with one timestamp for the last one; earlier ones are spaced by 1/rate (irregular: the same).</summary>
    public void PushChunk<T>(ReadOnlySpan<T> values, double lastTimestamp = 0) where T : unmanaged, INumberBase<T>
    {
        var c = Math.Max(1, Info.ChannelCount);
        var n = values.Length / c;
        var last = lastTimestamp == 0 ? _options.Clock.Now : lastTimestamp;
        Span<double> timestamps = n <= 512 ? stackalloc double[n] : new double[n];
        for (var s = 0; s < n; s++) timestamps[s] = Info.IsRegular ? last - (n - 1 - s) / Info.NominalRate : last;
        PushChunk(values, timestamps);
    }

    public void PushStrings(IReadOnlyList<string> values, double timestamp = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Info.Format != ChannelFormat.String)
            throw new InvalidOperationException($"stream '{Info.Name}' is {Info.Format.ToName()}: push numbers, not strings");
        if (values.Count != Info.ChannelCount)
            throw new ArgumentException($"stream '{Info.Name}' has {Info.ChannelCount} channels, {values.Count} strings given", nameof(values));
        lock (_pushGate)
        {
            var consumers = _server.Consumers;
            var ts = Stamp(timestamp);
            if (consumers.Length == 0) return;
            var length = SampleWriter.StringSampleSize(values);
            var data = Scratch(length);
            SampleWriter.WriteString(data, ts, values);
            Deliver(consumers, data, length, 1);
        }
    }

    // The push's serialisation buffer, reused (pushes hold _pushGate): a push allocates only when a feed has to queue it.
    // Pushes of more than 1 MB get a buffer of their own, so one huge chunk does not stay allocated for the outlet's life.
    private byte[] Scratch(int length)
    {
        if (length > 1 << 20) return new byte[length];
        if (_scratch.Length < length) _scratch = new byte[Math.Max(length, 2 * _scratch.Length)];
        return _scratch;
    }

    private static void Deliver(OutletConsumer[] consumers, byte[] data, int length, int samples)
    {
        SampleBlock? shared = null;
        foreach (var consumer in consumers) consumer.Enqueue(data, length, samples, ref shared);
    }

    private double Stamp(double timestamp)
    {
        var ts = timestamp == 0 ? _options.Clock.Now
            : timestamp == LslConstants.DeducedTimestamp ? _lastTimestamp + (Info.IsRegular ? 1.0 / Info.NominalRate : 0)
            : timestamp;
        _lastTimestamp = ts;
        return ts;
    }

    private void CheckNumeric(int valueCount, int samples)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Info.Format == ChannelFormat.String)
            throw new InvalidOperationException($"stream '{Info.Name}' carries strings: use PushStrings");
        if (valueCount != samples * Info.ChannelCount)
            throw new ArgumentException($"stream '{Info.Name}': {valueCount} values do not make {samples} samples x {Info.ChannelCount} channels");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _responder.Dispose();
        _server.Dispose();
        // _hasConsumers stays undisposed: connection threads may still signal it while they wind down.
    }

    public override string ToString() => $"outlet {Info}";
}
