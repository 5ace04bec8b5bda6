using System.IO.Compression;

namespace Bci.Alignment.Formats;

/// <summary>numpy's .npz: a zip of .npy entries (numpy.savez stores them, savez_compressed deflates them; both read).</summary>
public static class NpzFile
{
    /// <summary>Every array of the file by key (the entry name without ".npy").</summary>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: not a .npz (zip) file: {e.Message}", e);
        }
        using (zip)
        {
            var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                var key = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
                using var stream = entry.Open();
                arrays[key] = NpyFile.Read(stream, $"{path}:{entry.FullName}");
            }
            return arrays;
        }
    }

    /// <summary>Writes arrays as numpy.savez does (stored entries named "key.npy").</summary>
    public static void Write(string path, IEnumerable<(string Key, Action<Stream> WriteNpy)> arrays)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (key, write) in arrays)
        {
            var entry = zip.CreateEntry(key + ".npy", CompressionLevel.NoCompression);
            using var stream = entry.Open();
            write(stream);
        }
    }
}
