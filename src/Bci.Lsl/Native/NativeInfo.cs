using System.Runtime.InteropServices;
using Bci.Lsl.Info;

namespace Bci.Lsl.Native;

/// <summary>Moves stream infos across the boundary as XML, the one representation both sides read and write fully.</summary>
internal static class NativeInfo
{
    public static StreamInfoHandle ToNative(LslStreamInfo info)
    {
        if (info.Uid.Length == 0)
        {
            // liblsl rejects an info without uid; an outlet replaces it with its own anyway.
            info = info.Clone();
            info.Uid = Guid.NewGuid().ToString();
        }
        var handle = new StreamInfoHandle(NativeMethods.lsl_streaminfo_from_xml(info.ToFullXml()));
        if (handle.IsInvalid) throw new InvalidOperationException($"liblsl refused the info of stream '{info.Name}'");
        return handle;
    }

    /// <summary>Reads a native info; destroys it unless <paramref name="keep"/> attaches it to the result.</summary>
    public static LslStreamInfo FromNative(IntPtr native, bool keep = false)
    {
        var handle = new StreamInfoHandle(native);
        var text = NativeMethods.lsl_get_xml(handle);
        try
        {
            var info = LslStreamInfo.Parse(Marshal.PtrToStringUTF8(text) ?? "");
            if (keep) info.NativeOrigin = handle;
            return info;
        }
        finally
        {
            NativeMethods.lsl_destroy_string(text);
            if (!keep) handle.Dispose();
        }
    }
}
