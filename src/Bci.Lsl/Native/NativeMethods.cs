using System.Reflection;
using System.Runtime.InteropServices;

namespace Bci.Lsl.Native;

/// <summary>
/// liblsl's C API (lsl_c.h), only what the backend uses. The library is found through BCI_LIBLSL (a file path) or
/// the standard search for "lsl" (liblsl.so / lsl.dll / liblsl.dylib).
/// </summary>
internal static partial class NativeMethods
{
    private const string Library = "lsl";

    // The resolver can be installed once per assembly; it only maps the name, the OS caches the loaded library.
    static NativeMethods() => NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, Resolve);

    /// <summary>Loads liblsl if possible; the reason when not.</summary>
    public static bool TryLoad(out string? reason)
    {
        try
        {
            var version = lsl_library_version();
            reason = null;
            return version > 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            var hint = Environment.GetEnvironmentVariable("BCI_LIBLSL");
            reason = hint is null
                ? $"no 'lsl' shared library on the library search path (set BCI_LIBLSL to liblsl's file): {e.Message}"
                : $"BCI_LIBLSL={hint} could not be loaded: {e.Message}";
            return false;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library) return IntPtr.Zero;
        var explicitPath = Environment.GetEnvironmentVariable("BCI_LIBLSL");
        if (!string.IsNullOrEmpty(explicitPath))
            return NativeLibrary.TryLoad(explicitPath, out var h) ? h : IntPtr.Zero;
        foreach (var candidate in new[] { "lsl", "liblsl.so.2", "liblsl.so", "liblsl64", "liblsl.dylib" })
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle)) return handle;
        return IntPtr.Zero;
    }

    [LibraryImport(Library)] public static partial int lsl_library_version();
    [LibraryImport(Library)] public static partial double lsl_local_clock();
    [LibraryImport(Library)] public static partial void lsl_destroy_string(IntPtr s);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial void lsl_set_config_filename(string filename);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr lsl_streaminfo_from_xml(string xml);
    [LibraryImport(Library)] public static partial IntPtr lsl_get_xml(StreamInfoHandle info);
    [LibraryImport(Library)] public static partial void lsl_destroy_streaminfo(IntPtr info);

    [LibraryImport(Library)] public static partial int lsl_resolve_all([Out] IntPtr[] buffer, uint elements, double wait);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial int lsl_resolve_bypred([Out] IntPtr[] buffer, uint elements, string predicate, int minimum, double timeout);

    [LibraryImport(Library)] public static partial IntPtr lsl_create_outlet(StreamInfoHandle info, int chunkSize, int maxBuffered);
    [LibraryImport(Library)] public static partial void lsl_destroy_outlet(IntPtr outlet);
    [LibraryImport(Library)] public static partial IntPtr lsl_get_info(OutletHandle outlet);
    [LibraryImport(Library)] public static partial int lsl_have_consumers(OutletHandle outlet);
    [LibraryImport(Library)] public static partial int lsl_wait_for_consumers(OutletHandle outlet, double timeout);
    [LibraryImport(Library)] public static unsafe partial int lsl_push_sample_ftp(OutletHandle outlet, float* data, double timestamp, int pushthrough);
    [LibraryImport(Library)] public static unsafe partial int lsl_push_sample_dtp(OutletHandle outlet, double* data, double timestamp, int pushthrough);
    [LibraryImport(Library)] public static unsafe partial int lsl_push_sample_ltp(OutletHandle outlet, long* data, double timestamp, int pushthrough);
    [LibraryImport(Library)] public static unsafe partial int lsl_push_sample_itp(OutletHandle outlet, int* data, double timestamp, int pushthrough);
    [LibraryImport(Library)] public static unsafe partial int lsl_push_sample_stp(OutletHandle outlet, short* data, double timestamp, int pushthrough);
    [LibraryImport(Library)] public static unsafe partial int lsl_push_sample_ctp(OutletHandle outlet, sbyte* data, double timestamp, int pushthrough);
    [LibraryImport(Library)] public static unsafe partial int lsl_push_sample_strtp(OutletHandle outlet, IntPtr* data, double timestamp, int pushthrough);
    [LibraryImport(Library)] public static unsafe partial int lsl_push_chunk_ftnp(OutletHandle outlet, float* data, CULong elements, double* timestamps, int pushthrough);
    [LibraryImport(Library)] public static unsafe partial int lsl_push_chunk_dtnp(OutletHandle outlet, double* data, CULong elements, double* timestamps, int pushthrough);
    [LibraryImport(Library)] public static unsafe partial int lsl_push_chunk_ltnp(OutletHandle outlet, long* data, CULong elements, double* timestamps, int pushthrough);
    [LibraryImport(Library)] public static unsafe partial int lsl_push_chunk_itnp(OutletHandle outlet, int* data, CULong elements, double* timestamps, int pushthrough);
    [LibraryImport(Library)] public static unsafe partial int lsl_push_chunk_stnp(OutletHandle outlet, short* data, CULong elements, double* timestamps, int pushthrough);
    [LibraryImport(Library)] public static unsafe partial int lsl_push_chunk_ctnp(OutletHandle outlet, sbyte* data, CULong elements, double* timestamps, int pushthrough);

    [LibraryImport(Library)] public static partial IntPtr lsl_create_inlet(StreamInfoHandle info, int maxBuflen, int maxChunklen, int recover);
    [LibraryImport(Library)] public static partial void lsl_destroy_inlet(IntPtr inlet);
    [LibraryImport(Library)] public static partial IntPtr lsl_get_fullinfo(InletHandle inlet, double timeout, out int error);
    [LibraryImport(Library)] public static partial void lsl_open_stream(InletHandle inlet, double timeout, out int error);
    [LibraryImport(Library)] public static partial double lsl_time_correction(InletHandle inlet, double timeout, out int error);
    [LibraryImport(Library)] public static partial int lsl_set_postprocessing(InletHandle inlet, uint flags);
    [LibraryImport(Library)] public static partial uint lsl_samples_available(InletHandle inlet);
    [LibraryImport(Library)] public static unsafe partial CULong lsl_pull_chunk_f(InletHandle inlet, float* data, double* timestamps, CULong dataElements, CULong timestampElements, double timeout, out int error);
    [LibraryImport(Library)] public static unsafe partial CULong lsl_pull_chunk_d(InletHandle inlet, double* data, double* timestamps, CULong dataElements, CULong timestampElements, double timeout, out int error);
    [LibraryImport(Library)] public static unsafe partial CULong lsl_pull_chunk_l(InletHandle inlet, long* data, double* timestamps, CULong dataElements, CULong timestampElements, double timeout, out int error);
    [LibraryImport(Library)] public static unsafe partial CULong lsl_pull_chunk_i(InletHandle inlet, int* data, double* timestamps, CULong dataElements, CULong timestampElements, double timeout, out int error);
    [LibraryImport(Library)] public static unsafe partial CULong lsl_pull_chunk_s(InletHandle inlet, short* data, double* timestamps, CULong dataElements, CULong timestampElements, double timeout, out int error);
    [LibraryImport(Library)] public static unsafe partial CULong lsl_pull_chunk_c(InletHandle inlet, sbyte* data, double* timestamps, CULong dataElements, CULong timestampElements, double timeout, out int error);
    [LibraryImport(Library)] public static unsafe partial double lsl_pull_sample_str(InletHandle inlet, IntPtr* buffer, int elements, double timeout, out int error);

    /// <summary>liblsl error codes (lsl_error_code_t) as exceptions naming the stream.</summary>
    public static void Check(int error, string what, string stream)
    {
        switch (error)
        {
            case 0: return;
            case -1: throw new TimeoutException($"stream '{stream}': {what} timed out (liblsl)");
            case -2: throw new LslStreamLostException($"stream '{stream}' was lost (liblsl, during {what})");
            case -3: throw new ArgumentException($"stream '{stream}': {what}: invalid argument (liblsl)");
            default: throw new IOException($"stream '{stream}': {what} failed with liblsl error {error}");
        }
    }
}
