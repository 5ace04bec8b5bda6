using System.Runtime.InteropServices;

namespace Bci.Audio.Output;

/// <summary>The few libasound (ALSA) calls the output needs. snd_pcm_uframes_t / snd_pcm_sframes_t are C longs.</summary>
internal static partial class AlsaNative
{
    private const string Library = "libasound.so.2";

    public const int StreamPlayback = 0;
    public const int FormatFloatLe = 14;        // SND_PCM_FORMAT_FLOAT_LE
    public const int AccessRwInterleaved = 3;   // SND_PCM_ACCESS_RW_INTERLEAVED

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_pcm_open(out nint pcm, string name, int stream, int mode);

    [LibraryImport(Library)]
    public static partial int snd_pcm_set_params(nint pcm, int format, int access, uint channels, uint rate, int softResample, uint latencyMicroseconds);

    [LibraryImport(Library)]
    public static partial int snd_pcm_get_params(nint pcm, out nuint bufferSize, out nuint periodSize);

    [LibraryImport(Library)]
    public static unsafe partial nint snd_pcm_writei(nint pcm, float* buffer, nuint frames);

    [LibraryImport(Library)]
    public static partial int snd_pcm_delay(nint pcm, out nint delay);

    [LibraryImport(Library)]
    public static partial nint snd_pcm_avail(nint pcm);

    [LibraryImport(Library)]
    public static partial int snd_pcm_recover(nint pcm, int error, int silent);

    [LibraryImport(Library)]
    public static partial int snd_pcm_drain(nint pcm);

    [LibraryImport(Library)]
    public static partial int snd_pcm_close(nint pcm);

    [LibraryImport(Library)]
    public static partial nint snd_strerror(int error);

    [LibraryImport(Library)]
    public static partial int snd_card_next(ref int card);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_device_name_hint(int card, string iface, out nint hints);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint snd_device_name_get_hint(nint hint, string id);

    [LibraryImport(Library)]
    public static partial int snd_device_name_free_hint(nint hints);

    [LibraryImport(Library)]
    public static unsafe partial int snd_lib_error_set_handler(delegate* unmanaged[Cdecl]<nint, int, nint, int, nint, void> handler);

    // ALSA prints its configuration errors to stderr (a dozen lines for "no card"); our exceptions say it once, clearly.
    // The handler is variadic in C; on the SysV ABIs ignoring the variadic tail is safe.
    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void IgnoreError(nint file, int line, nint function, int error, nint format) { }

    private static int _quiet;

    public static unsafe void Quiet()
    {
        if (Interlocked.Exchange(ref _quiet, 1) == 0) snd_lib_error_set_handler(&IgnoreError);
    }

    [LibraryImport("libc")]
    public static partial void free(nint pointer);

    public static string Error(int code) => Marshal.PtrToStringUTF8(snd_strerror(code)) ?? $"error {code}";

    /// <summary>Takes a string libasound allocated with malloc and frees it.</summary>
    public static string? TakeString(nint pointer)
    {
        if (pointer == 0) return null;
        try
        {
            return Marshal.PtrToStringUTF8(pointer);
        }
        finally
        {
            free(pointer);
        }
    }
}
