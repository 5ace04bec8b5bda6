using System.Runtime.InteropServices;

namespace Bci.Lsl.Native;

/// <summary>An lsl_streaminfo owned by us (destroyed exactly once).</summary>
internal sealed class StreamInfoHandle : SafeHandle
{
    public StreamInfoHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public StreamInfoHandle(IntPtr handle) : this() => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.lsl_destroy_streaminfo(handle);
        return true;
    }
}

/// <summary>An lsl_outlet (destroying it closes the listeners and all sessions).</summary>
internal sealed class OutletHandle : SafeHandle
{
    public OutletHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public OutletHandle(IntPtr handle) : this() => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.lsl_destroy_outlet(handle);
        return true;
    }
}

/// <summary>An lsl_inlet.</summary>
internal sealed class InletHandle : SafeHandle
{
    public InletHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public InletHandle(IntPtr handle) : this() => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.lsl_destroy_inlet(handle);
        return true;
    }
}
