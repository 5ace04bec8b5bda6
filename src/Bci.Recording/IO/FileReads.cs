using Microsoft.Win32.SafeHandles;

namespace Bci.Recording.IO;

/// <summary>Positional reads that either fill the buffer or say where the file ended.</summary>
internal static class FileReads
{
    public static SafeFileHandle OpenRead(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);

    /// <summary>Reads exactly buffer.Length bytes at <paramref name="offset"/> or throws a format error naming what was cut.</summary>
    public static void ReadExactly(SafeFileHandle handle, string path, Span<byte> buffer, long offset, string what)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = RandomAccess.Read(handle, buffer[done..], offset + done);
            if (n == 0)
                throw new RecordingFormatException(path, offset + done, $"file ends inside {what} ({buffer.Length - done} of {buffer.Length} bytes missing)");
            done += n;
        }
    }

    /// <summary>Reads up to buffer.Length bytes; returns how many were read (less only at the end of the file).</summary>
    public static int ReadAtMost(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = RandomAccess.Read(handle, buffer[done..], offset + done);
            if (n == 0) break;
            done += n;
        }
        return done;
    }
}
