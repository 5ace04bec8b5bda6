using System.Text;
using Bci.Recording.Tests.Support;

namespace Bci.Recording.Tests;

public sealed class EeglabReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void MatlabV73File_GetsAClearError()
    {
        var header = new byte[1024];
        Encoding.ASCII.GetBytes("MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 schema 1.00 .").CopyTo(header, 0);
        header[512] = 0x89; header[513] = (byte)'H'; header[514] = (byte)'D'; header[515] = (byte)'F';
        var path = _dir.File("v73.set");
        File.WriteAllBytes(path, header);
        var error = Assert.Throws<RecordingFormatException>(() => RecordingReader.Open(path));
        Assert.Contains("v7.3", error.Reason);
        Assert.Contains("HDF5", error.Reason);
    }

    [Fact]
    public void MatFileWithAbsurdElementSize_IsAFormatErrorWithOffset()
    {
        var bytes = new byte[200];
        Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file").CopyTo(bytes, 0);
        bytes[124] = 0; bytes[125] = 1; bytes[126] = (byte)'I'; bytes[127] = (byte)'M';
        BitConverter.GetBytes(14u).CopyTo(bytes, 128);           // miMATRIX
        BitConverter.GetBytes(0x7FFFFFF0u).CopyTo(bytes, 132);   // claims ~2 GiB
        var path = _dir.File("absurd.set");
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<RecordingFormatException>(() => RecordingReader.Open(path));
        Assert.Equal(128, error.ByteOffset);
    }
}
