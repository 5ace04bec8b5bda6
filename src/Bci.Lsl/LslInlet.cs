using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text;
using Bci.Core.Streams;
using Bci.Lsl.Config;
using Bci.Lsl.Info;
using Bci.Lsl.Managed;
using Bci.Lsl.Wire;

namespace Bci.Lsl;

/// <summary>
/// Managed LSL inlet, wire-compatible with liblsl outlets: a receiving thread negotiates protocol 1.10, verifies
/// the test patterns and fills a bounded local buffer; pulls never block longer than their timeout. When the
/// connection breaks it reconnects, to the same outlet or to a replacement found by source_id (recovery), and
/// reports the gap. Time correction uses liblsl's probe protocol on the outlet's service port.
/// </summary>
public sealed class LslInlet : ILslInlet
{
    private readonly LslInletOptions _options;
    private readonly LslConfig _config;
    private readonly SampleQueue _queue;
    private readonly TimeCorrectionClient _time;
    private readonly TimestampPostProcessor _post;
    private readonly ManualResetEventSlim _connected = new(false);
    private readonly CancellationTokenSource _stop = new();
    private readonly object _socketGate = new();
    private readonly int _capacity;
    private readonly Action<string> _log;
    private Socket? _socket;
    private Thread? _thread;
    private volatile LslStreamInfo _info;
    private long _reconnects;
    private long _lastArrivalTicks;
    private long _receiveThreadAllocated;
    private string? _lastError;

    public LslInlet(LslStreamInfo info, LslInletOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Version / 100 > 1) throw new NotSupportedException($"stream '{info.Name}' speaks protocol {info.Version / 100.0:0.00}; this inlet speaks 1.10");
        _options = options ?? new LslInletOptions();
        _config = _options.Config ?? LslConfig.Load();
        _log = _options.Log ?? (_ => { });
        _info = info.Clone();
        _capacity = (int)Math.Clamp(info.IsRegular ? info.NominalRate * _options.MaxBufferSeconds : _options.MaxBufferSeconds * 100, 1, 50_000_000);
        _queue = new SampleQueue(_capacity, info.Format, info.ChannelCount, _options.PullSpinMicroseconds);
        _time = new TimeCorrectionClient(ServiceEndpoint, _config, _options.Clock, _log);
        _post = new TimestampPostProcessor(_options.Processing, info.NominalRate, _config.SmoothingHalftime, () => _time.Current);
    }

    public LslStreamInfo Info => _info;

    public int SamplesAvailable => _queue.Count;

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long DroppedSamples => _queue.Dropped;

    /// <summary>Outlet-clock seconds missing between the last sample before a reconnection and the first after it.</summary>
    public double LastGapSeconds { get; private set; }

    /// <summary>The last connection problem (null while all went well).</summary>
    public string? LastError => _lastError;

    /// <summary>Bytes the receiving thread had allocated when it last handed samples to the buffer (steady-state checks).</summary>
    internal long ReceiveThreadAllocatedBytes => Volatile.Read(ref _receiveThreadAllocated);

    /// <summary>True once after the inlet switched to a replacement outlet (its clock may differ).</summary>
    public bool WasClockReset { get; private set; }

    public void Open(double timeoutSeconds)
    {
        EnsureStarted();
        if (!_connected.Wait(TimeSpan.FromSeconds(Math.Min(timeoutSeconds, 1e6))))
            throw new TimeoutException($"stream '{_info.Name}' at {_info.V4Address}:{_info.V4DataPort} did not accept a feed within {timeoutSeconds:0.###} s{(_lastError is null ? "" : $" (last error: {_lastError})")}");
    }

    public LslStreamInfo GetFullInfo(double timeoutSeconds)
    {
        var info = _info;
        using var client = Connect(info, timeoutSeconds, _stop.Token);
        using var stream = new PolledSocketStream(client) { ReadTimeout = (int)Math.Clamp(timeoutSeconds * 1000, 1, int.MaxValue) };
        stream.Write("LSL:fullinfo\r\n"u8);
        using var text = new MemoryStream();
        stream.CopyTo(text);
        var full = LslStreamInfo.Parse(Encoding.UTF8.GetString(text.ToArray()));
        full.V4Address = info.V4Address;
        return full;
    }

    public double TimeCorrection(double timeoutSeconds) => _time.Get(timeoutSeconds, _info.Name);

    /// <summary>Round-trip time of the probe behind the current time correction.</summary>
    public double TimeCorrectionUncertainty => _time.Uncertainty;

    public bool TryPullSample<T>(Span<T> values, double timeoutSeconds, out double timestamp) where T : unmanaged, INumberBase<T>
    {
        Span<double> one = stackalloc double[1];
        var n = PullChunk(values, one, timeoutSeconds);
        timestamp = n == 1 ? one[0] : 0;
        return n == 1;
    }

    public int PullChunk<T>(Span<T> values, Span<double> timestamps, double timeoutSeconds) where T : unmanaged, INumberBase<T> =>
        PullChunk(values, timestamps, timeoutSeconds, default);

    /// <summary>As <see cref="PullChunk{T}(Span{T}, Span{double}, double)"/>, also giving the Stopwatch ticks at which each sample reached the local buffer.</summary>
    internal int PullChunk<T>(Span<T> values, Span<double> timestamps, double timeoutSeconds, Span<long> arrivals) where T : unmanaged, INumberBase<T>
    {
        if (_info.Format == ChannelFormat.String) throw new InvalidOperationException($"stream '{_info.Name}' carries strings: use TryPullStrings");
        var c = Math.Max(1, _info.ChannelCount);
        var max = Math.Min(timestamps.Length, values.Length / c);
        if (max == 0) throw new ArgumentException($"buffers too small for one sample of {_info.ChannelCount} channels of '{_info.Name}'");
        EnsureStarted();
        var n = _queue.TakeNumeric(values, timestamps, max, TimeSpan.FromSeconds(Math.Min(timeoutSeconds, 1e6)), arrivals);
        if (n == 0) ThrowIfSilent();
        for (var i = 0; i < n; i++) timestamps[i] = _post.Process(timestamps[i]);
        return n;
    }

    public bool TryPullStrings(string[] values, double timeoutSeconds, out double timestamp)
    {
        EnsureStarted();
        if (!_queue.TakeStrings(values, TimeSpan.FromSeconds(Math.Min(timeoutSeconds, 1e6)), out timestamp))
        {
            ThrowIfSilent();
            return false;
        }
        timestamp = _post.Process(timestamp);
        return true;
    }

    // The silence watchdog (SilenceTimeoutSeconds): only consulted when a pull came back empty.
    private void ThrowIfSilent()
    {
        var limit = _options.SilenceTimeoutSeconds;
        if (limit <= 0) return;
        var silent = (Environment.TickCount64 - Volatile.Read(ref _lastArrivalTicks)) / 1000.0;
        if (silent > limit)
            throw new TimeoutException($"stream '{_info.Name}' (source_id '{_info.SourceId}') sent nothing for {silent:0.###} s (silence timeout {limit:0.###} s){(_lastError is null ? "" : $"; last error: {_lastError}")}");
    }

    /// <summary>Drops all but the newest <paramref name="keep"/> buffered samples (latest-only reading); returns how many were dropped.</summary>
    public int DropAllBut(int keep) => _queue.DropAllBut(keep);

    private void EnsureStarted()
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        if (_thread is not null) return;
        lock (_socketGate)
        {
            if (_thread is not null) return;
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            Volatile.Write(ref _lastArrivalTicks, Environment.TickCount64);
            _thread = LslThreads.Start($"lsl-inlet {_info.Name}", ReceiveLoop, _log);
        }
    }

    private IPEndPoint? ServiceEndpoint()
    {
        var info = _info;
        return IPAddress.TryParse(info.V4Address, out var a) && info.V4ServicePort > 0 ? new IPEndPoint(a, info.V4ServicePort) : null;
    }

    private void ReceiveLoop()
    {
        var lastTimestamp = double.NaN;
        var sessions = 0;
        while (!_stop.IsCancellationRequested)
        {
            var info = _info;
            try
            {
                using var socket = Connect(info, 5, _stop.Token);
                lock (_socketGate)
                {
                    if (_stop.IsCancellationRequested) return;
                    _socket = socket;
                }
                using var network = new PolledSocketStream(socket);
                var bigEndian = Handshake(network, network, info);
                var reader = new SampleReader(network, info.Format, info.ChannelCount, info.NominalRate, bigEndian);
                VerifyTestPatterns(reader, info);
                if (sessions++ > 0)
                {
                    Interlocked.Increment(ref _reconnects);
                    _log($"stream '{info.Name}': feed resumed (reconnection {Reconnects})");
                }
                _lastError = null;
                _connected.Set();
                var first = true;
                void Received(double ts)
                {
                    if (first && !double.IsNaN(lastTimestamp))
                    {
                        LastGapSeconds = ts - lastTimestamp - (info.IsRegular ? 1.0 / info.NominalRate : 0);
                        _log($"stream '{info.Name}': gap of {LastGapSeconds:0.###} s (outlet clock) across the reconnection");
                    }
                    first = false;
                }
                if (info.Format == ChannelFormat.String)
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        var strings = new string[info.ChannelCount];
                        var ts = reader.ReadStrings(strings);
                        _queue.AddStrings(ts, strings);
                        Volatile.Write(ref _lastArrivalTicks, Environment.TickCount64);
                        Received(ts);
                        lastTimestamp = ts;
                    }
                }
                else
                {
                    // Every complete sample that has arrived goes to the local buffer in one step.
                    var batch = new NumericBatchReader(network, info.Format, info.ChannelCount, info.NominalRate, bigEndian, reader.LastTimestamp);
                    var stamps = new double[4096];
                    var offsets = new int[4096];
                    while (!_stop.IsCancellationRequested)
                    {
                        var n = batch.Read(stamps, offsets);
                        _queue.AddNumeric(stamps, batch.Buffer, offsets, n);
                        Volatile.Write(ref _lastArrivalTicks, Environment.TickCount64);
                        Volatile.Write(ref _receiveThreadAllocated, GC.GetAllocatedBytesForCurrentThread());
                        Received(stamps[0]);
                        lastTimestamp = stamps[n - 1];
                    }
                }
            }
            catch (Exception e) when (!_stop.IsCancellationRequested && e is IOException or SocketException or InvalidDataException or FormatException or OperationCanceledException)
            {
                _lastError = e.Message;
                _connected.Reset();
                _log($"stream '{info.Name}': {e.Message}");
                if (!_options.Recover)
                {
                    _queue.Fail(new LslStreamLostException($"stream '{info.Name}' was lost: {e.Message}", e));
                    return;
                }
                if (!Recover(info, e)) return;
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Not a transport failure we know how to recover from: pulls report it (naming the stream) instead
                // of this thread taking the process down.
                _lastError = e.Message;
                _log($"stream '{info.Name}': receiving stopped: {e.GetType().Name}: {e.Message}");
                _queue.Fail(new LslStreamLostException($"stream '{info.Name}' was lost: {e.GetType().Name}: {e.Message}", e));
                return;
            }
            finally
            {
                lock (_socketGate) _socket = null;
            }
        }
    }

    // liblsl: wait 0.5 s, then reconnect to the same uid if it still answers, else switch to the one other stream
    // with the same name/type/source_id/format/channel count. Without a source_id only the same uid is accepted.
    private bool Recover(LslStreamInfo info, Exception cause)
    {
        var resolver = new LslResolver(_config) { WaveInterval = 0.2 };
        var query = LslQuery.And(
            LslQuery.Property("channel_count", info.ChannelCount.ToString(CultureInfo.InvariantCulture)),
            LslQuery.Property("name", info.Name),
            info.Type.Length > 0 ? LslQuery.Property("type", info.Type) : null,
            info.SourceId.Length > 0 ? LslQuery.Property("source_id", info.SourceId) : LslQuery.Property("uid", info.Uid),
            LslQuery.Property("channel_format", info.Format.ToName()));
        while (!_stop.IsCancellationRequested)
        {
            if (_stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(0.5))) return false;
            IReadOnlyList<LslStreamInfo> found;
            try { found = resolver.Resolve(query, 0, 0.6); }
            catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException) { continue; }
            if (found.Any(f => f.Uid == info.Uid)) return true;
            if (found.Count == 1)
            {
                var replacement = found[0];
                _log($"stream '{info.Name}': switching to a replacement outlet (uid {replacement.Uid}) at {replacement.V4Address}:{replacement.V4DataPort} after: {cause.Message}");
                _info = replacement;
                _time.Reset();
                _post.Reset();
                WasClockReset = true;
                return true;
            }
            if (found.Count > 1) _log($"stream '{info.Name}': {found.Count} candidate outlets share its source_id; waiting for one");
        }
        return false;
    }

    // Connects with a timeout and honours the stop token: a non-blocking connect polled in short slices. The socket
    // stays non-blocking: reads go through PolledSocketStream (recv, and poll() when nothing is there), never through
    // .NET's emulated blocking reads, which on Linux wait on its epoll thread (see PolledSocketStream).
    private static Socket Connect(LslStreamInfo info, double timeoutSeconds, CancellationToken stop)
    {
        if (!IPAddress.TryParse(info.V4Address, out var address))
            throw new IOException($"stream '{info.Name}' has no usable IPv4 address ('{info.V4Address}'): resolve it first");
        var target = new IPEndPoint(address, info.V4DataPort);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
        try
        {
            try
            {
                socket.Connect(target);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress or SocketError.AlreadyInProgress)
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(Math.Min(timeoutSeconds, 60));
                while (!socket.Poll(50_000, SelectMode.SelectWrite))
                {
                    stop.ThrowIfCancellationRequested();
                    if (DateTime.UtcNow > deadline) throw new SocketException((int)SocketError.TimedOut);
                }
                if (socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error) is int error and not 0)
                    throw new SocketException(error);
            }
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            stop.ThrowIfCancellationRequested();
            throw new IOException($"cannot connect to stream '{info.Name}' at {target}: {e.Message}", e);
        }
    }

    // Sends the 1.10 streamfeed request and reads the response header; returns true when the data is big endian.
    private bool Handshake(PolledSocketStream socket, Stream stream, LslStreamInfo info)
    {
        var request = FeedRequest.Format110(info, _capacity, _options.MaxChunkLength, Dns.GetHostName());
        socket.Write(Encoding.ASCII.GetBytes(request));
        socket.ReadTimeout = 10_000;
        var reader = new HandshakeReader(stream);
        var status = reader.ReadLine() ?? throw new EndOfStreamException($"stream '{info.Name}': the outlet closed the connection without answering the feed request");
        var parts = status.Split(' ', 3);
        if (parts.Length < 3 || !parts[0].StartsWith("LSL/", StringComparison.Ordinal) || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
            throw new InvalidDataException($"stream '{info.Name}': the outlet answered '{FeedRequest.Printable(status)}', not an LSL status line");
        if (code == 404) throw new IOException($"stream '{info.Name}': the outlet no longer serves uid {info.Uid} (404)");
        if (code >= 300) throw new InvalidDataException($"stream '{info.Name}': the outlet refused the feed: {FeedRequest.Printable(status)}");
        var bigEndian = false;
        while (true)
        {
            var line = reader.ReadLine() ?? throw new EndOfStreamException($"stream '{info.Name}': connection closed inside the response header");
            if (line.Length == 0) break;
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "byte-order":
                    bigEndian = value == "4321";
                    break;
                case "uid" when value != info.Uid:
                    throw new IOException($"stream '{info.Name}': the outlet serves uid {value}, expected {info.Uid}");
                case "data-protocol-version" when value != "110":
                    throw new InvalidDataException($"stream '{info.Name}': the outlet chose data protocol {value}; this inlet reads 1.10");
            }
        }
        socket.ReadTimeout = -1;
        return bigEndian;
    }

    private static void VerifyTestPatterns(SampleReader reader, LslStreamInfo info)
    {
        foreach (var offset in new[] { 4, 2 })
        {
            if (info.Format == ChannelFormat.String)
            {
                var values = new string[info.ChannelCount];
                var ts = reader.ReadStrings(values, 1024);
                if (ts != TestPatterns.Timestamp || !values.SequenceEqual(TestPatterns.StringValues(info.ChannelCount)))
                    throw new InvalidDataException($"stream '{info.Name}': test-pattern samples do not match (the outlet speaks another format or is not LSL)");
            }
            else
            {
                var values = new byte[reader.NumericSize];
                var ts = reader.ReadNumeric(values);
                var expected = TestPatterns.Encode(info.Format, info.ChannelCount, offset).AsSpan(9);
                if (ts != TestPatterns.Timestamp || !expected.SequenceEqual(values))
                    throw new InvalidDataException($"stream '{info.Name}': test-pattern samples do not match (the outlet speaks another format or is not LSL)");
            }
        }
    }

    /// <summary>Closes the feed, waits for the receiving and time-probe threads, and makes pulls fail with ObjectDisposedException.</summary>
    public void Dispose()
    {
        lock (_socketGate)
        {
            if (_stop.IsCancellationRequested) return;
            _stop.Cancel();
            try { _socket?.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
            _socket?.Dispose();
        }
        LslThreads.JoinAll([_thread], TimeSpan.FromSeconds(3));
        _queue.Fail(new ObjectDisposedException(nameof(LslInlet), $"inlet of '{_info.Name}' was closed"));
        _time.Dispose();
        // _connected and _stop stay undisposed: a caller still inside Open or a pull may touch them.
    }

    public override string ToString() => $"inlet {_info}";
}
