using System.Numerics;
using System.Runtime.InteropServices;
using Bci.Core.Streams;
using Bci.Lsl.Info;

namespace Bci.Lsl.Native;

/// <summary>liblsl's outlet. Values are converted to the stream's format here so liblsl copies them as they are.</summary>
internal sealed class NativeOutlet : ILslOutlet
{
    private readonly OutletHandle _handle;

    public NativeOutlet(LslStreamInfo info, LslOutletOptions options)
    {
        using var native = NativeInfo.ToNative(info);
        _handle = new OutletHandle(NativeMethods.lsl_create_outlet(native, 0, (int)Math.Max(1, options.MaxBufferedSeconds)));
        if (_handle.IsInvalid) throw new InvalidOperationException($"liblsl could not create an outlet for '{info.Name}'");
        Info = NativeInfo.FromNative(NativeMethods.lsl_get_info(_handle));
    }

    public LslStreamInfo Info { get; }

    public bool HaveConsumers => NativeMethods.lsl_have_consumers(_handle) != 0;

    public bool WaitForConsumers(double timeoutSeconds) => NativeMethods.lsl_wait_for_consumers(_handle, timeoutSeconds) != 0;

    public void PushSample<T>(ReadOnlySpan<T> values, double timestamp = 0) where T : unmanaged, INumberBase<T>
    {
        if (values.Length != Info.ChannelCount)
            throw new ArgumentException($"stream '{Info.Name}' has {Info.ChannelCount} channels, {values.Length} values given");
        PushChunk(values, [timestamp]);
    }

    public unsafe void PushChunk<T>(ReadOnlySpan<T> values, ReadOnlySpan<double> timestamps) where T : unmanaged, INumberBase<T>
    {
        if (values.Length != timestamps.Length * Info.ChannelCount)
            throw new ArgumentException($"stream '{Info.Name}': {values.Length} values do not make {timestamps.Length} samples x {Info.ChannelCount} channels");
        if (timestamps.Length == 0) return;
        var elements = new CULong((nuint)values.Length);
        int result;
        fixed (double* ts = timestamps)
        {
            switch (Info.Format)
            {
                case ChannelFormat.Float32: { var v = Convert<T, float>(values); fixed (float* p = v) result = NativeMethods.lsl_push_chunk_ftnp(_handle, p, elements, ts, 1); break; }
                case ChannelFormat.Double64: { var v = Convert<T, double>(values); fixed (double* p = v) result = NativeMethods.lsl_push_chunk_dtnp(_handle, p, elements, ts, 1); break; }
                case ChannelFormat.Int64: { var v = Convert<T, long>(values); fixed (long* p = v) result = NativeMethods.lsl_push_chunk_ltnp(_handle, p, elements, ts, 1); break; }
                case ChannelFormat.Int32: { var v = Convert<T, int>(values); fixed (int* p = v) result = NativeMethods.lsl_push_chunk_itnp(_handle, p, elements, ts, 1); break; }
                case ChannelFormat.Int16: { var v = Convert<T, short>(values); fixed (short* p = v) result = NativeMethods.lsl_push_chunk_stnp(_handle, p, elements, ts, 1); break; }
                case ChannelFormat.Int8: { var v = Convert<T, sbyte>(values); fixed (sbyte* p = v) result = NativeMethods.lsl_push_chunk_ctnp(_handle, p, elements, ts, 1); break; }
                default: throw new InvalidOperationException($"stream '{Info.Name}' carries strings: use PushStrings");
            }
        }
        NativeMethods.Check(result, "push", Info.Name);
    }

    public unsafe void PushStrings(IReadOnlyList<string> values, double timestamp = 0)
    {
        if (values.Count != Info.ChannelCount)
            throw new ArgumentException($"stream '{Info.Name}' has {Info.ChannelCount} channels, {values.Count} strings given");
        var pointers = new IntPtr[values.Count];
        try
        {
            for (var i = 0; i < values.Count; i++) pointers[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
            fixed (IntPtr* p = pointers) NativeMethods.Check(NativeMethods.lsl_push_sample_strtp(_handle, p, timestamp, 1), "push", Info.Name);
        }
        finally
        {
            foreach (var p in pointers) Marshal.FreeCoTaskMem(p);
        }
    }

    // Same type: the caller's memory as is (no copy); otherwise a converted copy.
    private static ReadOnlySpan<TOut> Convert<TIn, TOut>(ReadOnlySpan<TIn> values) where TIn : unmanaged, INumberBase<TIn> where TOut : unmanaged, INumberBase<TOut>
    {
        if (typeof(TIn) == typeof(TOut)) return MemoryMarshal.Cast<TIn, TOut>(values);
        var copy = new TOut[values.Length];
        for (var i = 0; i < values.Length; i++) copy[i] = TOut.CreateSaturating(values[i]);
        return copy;
    }

    public void Dispose() => _handle.Dispose();
}
