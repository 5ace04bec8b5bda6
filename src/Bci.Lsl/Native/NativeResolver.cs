using Bci.Lsl.Info;

namespace Bci.Lsl.Native;

/// <summary>liblsl's resolver (lsl_resolve_bypred / lsl_resolve_all).</summary>
internal sealed class NativeResolver : ILslResolver
{
    public IReadOnlyList<LslStreamInfo> Resolve(string query, int minimum, double timeoutSeconds)
    {
        if (LslQuery.Validate(query) is { } problem) throw new ArgumentException(problem, nameof(query));
        var buffer = new IntPtr[1024];
        var n = string.IsNullOrWhiteSpace(query)
            ? NativeMethods.lsl_resolve_all(buffer, (uint)buffer.Length, timeoutSeconds)
            : NativeMethods.lsl_resolve_bypred(buffer, (uint)buffer.Length, query, minimum, timeoutSeconds);
        var found = new List<LslStreamInfo>();
        for (var i = 0; i < Math.Max(0, n); i++) found.Add(NativeInfo.FromNative(buffer[i], keep: true));
        return found;
    }
}
