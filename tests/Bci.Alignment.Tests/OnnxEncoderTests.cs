using System.Text.Json;
using Bci.Alignment.Catalogs;
using Bci.Alignment.Encoders;
using Bci.Alignment.Formats;

namespace Bci.Alignment.Tests;

/// <summary>The ONNX path on the tiny encoder made by golden/make_golden.py, compared with numpy's latents.</summary>
public sealed class OnnxEncoderTests
{
    [Fact]
    public void TinyEncoder_GivesTheLatentsNumpyComputed()
    {
        using var encoder = new OnnxLatentEncoder(Golden.Path("tiny-encoder.onnx"));
        var catalog = encoder.BuildCatalog(Golden.Path("images"));
        var expected = JsonDocument.Parse(File.ReadAllText(Golden.Path("tiny-encoder-expected.json"))).RootElement;

        Assert.Equal(4, catalog.Count);
        Assert.Equal(16, catalog.Dimension);
        Assert.Equal("test/tiny-encoder", catalog.SpaceId);
        Assert.Equal(LatentNormalisation.L2, catalog.Normalisation);
        foreach (var item in catalog.Items)
        {
            Assert.Equal(LatentSourceKind.Image, item.Kind);
            Assert.Equal(item.Name + ".png", item.Source);
            var want = expected.GetProperty(item.Name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var got = catalog.Vector(item.Name);
            for (var d = 0; d < want.Length; d++)
                Assert.True(Math.Abs(want[d] - got[d]) < 1e-5, $"{item.Name} dim {d}: numpy {want[d]}, ONNX {got[d]}");
        }
    }

    [Fact]
    public void BuiltCatalog_SurvivesBcilat()
    {
        using var temp = new TempDirectory();
        using var encoder = new OnnxLatentEncoder(Golden.Path("tiny-encoder.onnx"));
        var catalog = encoder.BuildCatalog(Golden.Path("images"));
        LatentCatalogFile.Write(catalog, temp.File("tiny.bcilat"));
        var back = LatentCatalogFile.Read(temp.File("tiny.bcilat"));
        Assert.Equal(catalog.Vectors.ToArray(), back.Vectors.ToArray());
        Assert.Equal(catalog.Items.ToArray(), back.Items.ToArray());
    }

    [Fact]
    public void MissingPreprocessingJson_IsNamed()
    {
        using var temp = new TempDirectory();
        var model = temp.File("m.onnx");
        File.Copy(Golden.Path("tiny-encoder.onnx"), model);
        var e = Assert.Throws<FileNotFoundException>(() => new OnnxLatentEncoder(model));
        Assert.Contains("m.json", e.Message);
    }

    [Fact]
    public void UndecodableImage_IsNamed()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("broken.png"), "not a png");
        using var encoder = new OnnxLatentEncoder(Golden.Path("tiny-encoder.onnx"));
        var e = Assert.Throws<InvalidDataException>(() => encoder.BuildCatalog(temp.Root));
        Assert.Contains("broken.png", e.Message);
    }
}
