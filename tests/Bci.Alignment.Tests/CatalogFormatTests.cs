using Bci.Alignment.Catalogs;
using Bci.Alignment.Formats;

namespace Bci.Alignment.Tests;

public sealed class CatalogFormatTests
{
    private static LatentCatalog Sample(int count = 7, int dim = 12, int seed = 3)
    {
        var random = new Random(seed);
        var vectors = Enumerable.Range(0, count * dim).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var items = Enumerable.Range(0, count).Select(i => i % 2 == 0
            ? new LatentItem($"img{i}", LatentSourceKind.Image, $"stim/img{i}.jpg")
            : new LatentItem($"move-{i}", LatentSourceKind.Action, $"move-{i}"));
        return new LatentCatalog("test/space", "model.onnx", dim, items, vectors, LatentNormalisation.None,
            new Dictionary<string, string> { ["note"] = "kept" });
    }

    [Theory]
    [InlineData("catalog.npy")]
    [InlineData("catalog_fortran_f64.npy")]
    [InlineData("catalog.npz")]
    [InlineData("catalog_compressed.npz")]
    [InlineData("catalog.safetensors")]
    public void NumpyWrittenFiles_ReadToTheValuesNumpyRecorded(string file)
    {
        var catalog = LatentCatalogFile.Read(Golden.Path(file));
        var expected = Golden.Rows("latents");
        Assert.Equal(expected.Length, catalog.Count);
        Assert.Equal(expected[0].Length, catalog.Dimension);
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], catalog.Vector(i).ToArray());
    }

    [Theory]
    [InlineData("catalog.npz")]
    [InlineData("catalog.safetensors")]
    public void NamedFormats_CarryNamesSourcesAndIdentity(string file)
    {
        var catalog = LatentCatalogFile.Read(Golden.Path(file));
        Assert.Equal(Golden.Strings("names"), catalog.Items.Select(i => i.Name));
        Assert.All(catalog.Items, i => Assert.Equal(LatentSourceKind.Action, i.Kind));
        Assert.Equal(Golden.Strings("sources"), catalog.Items.Select(i => i.SourceToken));
        Assert.Equal("test/motor", catalog.SpaceId);
        Assert.Equal("golden", catalog.Model);
    }

    [Fact]
    public void Float16Safetensors_DecodeAsNumpyRoundsThem()
    {
        var catalog = LatentCatalogFile.Read(Golden.Path("catalog_f16.safetensors"));
        var expected = Golden.Rows("latents_f16");
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], catalog.Vector(i).ToArray());
    }

    [Theory]
    [InlineData(".bcilat")]
    [InlineData(".npz")]
    [InlineData(".safetensors")]
    [InlineData(".parquet")]
    public void RoundTrip_KeepsVectorsNamesSourcesAndIdentity(string extension)
    {
        using var temp = new TempDirectory();
        var original = Sample();
        var path = temp.File("c" + extension);
        LatentCatalogFile.Write(original, path);
        var back = LatentCatalogFile.Read(path);

        Assert.Equal(original.Vectors.ToArray(), back.Vectors.ToArray());
        Assert.Equal(original.Items.ToArray(), back.Items.ToArray());
        Assert.Equal(original.SpaceId, back.SpaceId);
        Assert.Equal(original.Model, back.Model);
        Assert.Equal(original.Dimension, back.Dimension);
        if (extension is ".bcilat" or ".safetensors" or ".parquet")
            Assert.Equal("kept", back.Metadata["note"]);
    }

    [Fact]
    public void RoundTrip_AcrossEveryFormatInTurn_IsExact()
    {
        using var temp = new TempDirectory();
        var original = Sample(count: 9, dim: 5).Normalised();
        var current = original;
        foreach (var extension in new[] { ".parquet", ".safetensors", ".npz", ".bcilat" })
        {
            var path = temp.File("chain" + extension);
            LatentCatalogFile.Write(current, path);
            current = LatentCatalogFile.Read(path);
        }
        Assert.Equal(original.Vectors.ToArray(), current.Vectors.ToArray());
        Assert.Equal(original.Items.ToArray(), current.Items.ToArray());
        Assert.Equal(LatentNormalisation.L2, current.Normalisation);
    }

    [Fact]
    public void NpyWrittenHere_ReadsBackWithShape()
    {
        using var temp = new TempDirectory();
        var original = Sample(count: 3, dim: 4);
        var path = temp.File("plain.npy");
        LatentCatalogFile.Write(original, path);
        var back = LatentCatalogFile.Read(path);
        Assert.Equal(original.Vectors.ToArray(), back.Vectors.ToArray());
        Assert.Equal(["0", "1", "2"], back.Items.Select(i => i.Name));
    }

    [Fact]
    public void Int8Bcilat_IsFourTimesSmallerAndWithinHalfAStep()
    {
        using var temp = new TempDirectory();
        var original = Sample(count: 200, dim: 64).Normalised();
        LatentCatalogFile.Write(original, temp.File("f.bcilat"));
        LatentCatalogFile.Write(original, temp.File("q.bcilat"), BcilatEncoding.Int8);
        var back = LatentCatalogFile.Read(temp.File("q.bcilat"));
        for (var i = 0; i < original.Count; i++)
        {
            var a = original.Vector(i);
            var b = back.Vector(i);
            var step = Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(a)) / 127f;
            for (var d = 0; d < a.Length; d++)
                Assert.True(Math.Abs(a[d] - b[d]) <= step / 2 + 1e-7f, $"item {i} dim {d}: {a[d]} vs {b[d]}");
        }
        var payloadF = new FileInfo(temp.File("f.bcilat")).Length;
        var payloadQ = new FileInfo(temp.File("q.bcilat")).Length;
        Assert.True(payloadQ < payloadF / 2, $"int8 {payloadQ} B vs float32 {payloadF} B");
    }

    [Fact]
    public void TruncatedBcilat_NamesTheFileAndWhatIsMissing()
    {
        using var temp = new TempDirectory();
        var path = temp.File("t.bcilat");
        LatentCatalogFile.Write(Sample(), path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        var e = Assert.Throws<InvalidDataException>(() => LatentCatalogFile.Read(path));
        Assert.Contains("t.bcilat", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void NotANpyFile_IsRejectedWithItsName()
    {
        using var temp = new TempDirectory();
        var path = temp.File("bad.npy");
        File.WriteAllText(path, "hello, not numpy");
        var e = Assert.Throws<InvalidDataException>(() => LatentCatalogFile.Read(path));
        Assert.Contains("bad.npy", e.Message);
    }

    [Fact]
    public void DuplicateNamesAndNonFiniteValues_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new LatentCatalog("s", "", 1, [new LatentItem("a"), new LatentItem("a")], [1f, 2f]));
        var e = Assert.Throws<ArgumentException>(() => new LatentCatalog("s", "", 2, [new LatentItem("a"), new LatentItem("b")], [1f, 2f, float.NaN, 0f]));
        Assert.Contains("'b'", e.Message);
    }
}
