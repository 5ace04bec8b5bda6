using System.Numerics;
using System.Runtime.InteropServices;
using Bci.Core.Streams;
using Bci.Lsl.Info;

namespace Bci.Lsl.Native;

/// <summary>liblsl's inlet; pulls convert from the stream's format to the caller's type after liblsl copied them out.</summary>
internal sealed class NativeInlet : ILslInlet
{
    private readonly InletHandle _handle;

    public NativeInlet(LslStreamInfo info, LslInletOptions options)
    {
        Info = info;
        // A natively resolved info carries its address only inside liblsl: use the original when there is one.
        using var converted = info.NativeOrigin is StreamInfoHandle ? null : NativeInfo.ToNative(info);
        var native = info.NativeOrigin as StreamInfoHandle ?? converted!;
        _handle = new InletHandle(NativeMethods.lsl_create_inlet(native, (int)Math.Max(1, options.MaxBufferSeconds), options.MaxChunkLength, options.Recover ? 1 : 0));
        if (_handle.IsInvalid) throw new InvalidOperationException($"liblsl could not create an inlet for '{info.Name}'");
        if (options.Processing != LslProcessing.None) NativeMethods.lsl_set_postprocessing(_handle, (uint)options.Processing);
    }

    public LslStreamInfo Info { get; }

    public int SamplesAvailable => (int)NativeMethods.lsl_samples_available(_handle);

    public long Reconnects => 0;

    public long DroppedSamples => 0;

    public LslStreamInfo GetFullInfo(double timeoutSeconds)
    {
        var native = NativeMethods.lsl_get_fullinfo(_handle, timeoutSeconds, out var error);
        NativeMethods.Check(error, "fullinfo", Info.Name);
        return NativeInfo.FromNative(native);
    }

    public void Open(double timeoutSeconds)
    {
        NativeMethods.lsl_open_stream(_handle, timeoutSeconds, out var error);
        NativeMethods.Check(error, "open", Info.Name);
    }

    public double TimeCorrection(double timeoutSeconds)
    {
        var value = NativeMethods.lsl_time_correction(_handle, timeoutSeconds, out var error);
        NativeMethods.Check(error, "time correction", Info.Name);
        return value;
    }

    public bool TryPullSample<T>(Span<T> values, double timeoutSeconds, out double timestamp) where T : unmanaged, INumberBase<T>
    {
        Span<double> one = stackalloc double[1];
        var n = PullChunk(values[..Info.ChannelCount], one, timeoutSeconds);
        timestamp = n == 1 ? one[0] : 0;
        return n == 1;
    }

    public unsafe int PullChunk<T>(Span<T> values, Span<double> timestamps, double timeoutSeconds) where T : unmanaged, INumberBase<T>
    {
        if (Info.Format == ChannelFormat.String) throw new InvalidOperationException($"stream '{Info.Name}' carries strings: use TryPullStrings");
        var c = Math.Max(1, Info.ChannelCount);
        var max = Math.Min(timestamps.Length, values.Length / c);
        var count = max * c;
        var dataElements = new CULong((nuint)count);
        var stampElements = new CULong((nuint)max);
        // Same type: liblsl writes straight into the caller's buffer; otherwise into scratch bytes converted afterwards.
        var native = Info.Format switch
        {
            ChannelFormat.Float32 => typeof(T) == typeof(float),
            ChannelFormat.Double64 => typeof(T) == typeof(double),
            ChannelFormat.Int64 => typeof(T) == typeof(long),
            ChannelFormat.Int32 => typeof(T) == typeof(int),
            ChannelFormat.Int16 => typeof(T) == typeof(short),
            _ => typeof(T) == typeof(sbyte),
        };
        var target = native ? MemoryMarshal.AsBytes(values[..count]) : new byte[count * Info.Format.ValueSize()];
        ulong got;
        int error;
        fixed (double* ts = timestamps)
        fixed (byte* q = target)
        {
            got = Info.Format switch
            {
                ChannelFormat.Float32 => NativeMethods.lsl_pull_chunk_f(_handle, (float*)q, ts, dataElements, stampElements, timeoutSeconds, out error).Value,
                ChannelFormat.Double64 => NativeMethods.lsl_pull_chunk_d(_handle, (double*)q, ts, dataElements, stampElements, timeoutSeconds, out error).Value,
                ChannelFormat.Int64 => NativeMethods.lsl_pull_chunk_l(_handle, (long*)q, ts, dataElements, stampElements, timeoutSeconds, out error).Value,
                ChannelFormat.Int32 => NativeMethods.lsl_pull_chunk_i(_handle, (int*)q, ts, dataElements, stampElements, timeoutSeconds, out error).Value,
                ChannelFormat.Int16 => NativeMethods.lsl_pull_chunk_s(_handle, (short*)q, ts, dataElements, stampElements, timeoutSeconds, out error).Value,
                _ => NativeMethods.lsl_pull_chunk_c(_handle, (sbyte*)q, ts, dataElements, stampElements, timeoutSeconds, out error).Value,
            };
        }
        if (error != -1) NativeMethods.Check(error, "pull", Info.Name);
        if (!native) Wire.ValueConverter.Read(target[..((int)got * Info.Format.ValueSize())], Info.Format, values[..(int)got]);
        return (int)(got / (ulong)c);
    }

    public unsafe bool TryPullStrings(string[] values, double timeoutSeconds, out double timestamp)
    {
        var pointers = new IntPtr[Info.ChannelCount];
        int error;
        fixed (IntPtr* p = pointers) timestamp = NativeMethods.lsl_pull_sample_str(_handle, p, pointers.Length, timeoutSeconds, out error);
        if (error != -1) NativeMethods.Check(error, "pull", Info.Name);
        if (timestamp == 0) return false;
        for (var i = 0; i < pointers.Length; i++)
        {
            if (i < values.Length) values[i] = Marshal.PtrToStringUTF8(pointers[i]) ?? "";
            NativeMethods.lsl_destroy_string(pointers[i]);
        }
        return true;
    }

    public void Dispose() => _handle.Dispose();
}
