using SkiaSharp;

namespace Bci.Alignment.Encoders;

/// <summary>Decodes an image file (PNG, JPEG, WebP, BMP, GIF) and writes it into an encoder input tensor.</summary>
public static class ImageTensor
{
    /// <summary>Writes the preprocessed image into <paramref name="destination"/> (C*H*W values in the declared layout).</summary>
    public static void Fill(string path, EncoderPreprocessing p, Span<float> destination)
    {
        using var decoded = SKBitmap.Decode(path)
            ?? throw new InvalidDataException($"image '{path}' could not be decoded (not a PNG/JPEG/WebP/BMP/GIF, or damaged)");
        using var rgba = decoded.ColorType == SKColorType.Rgba8888 ? decoded.Copy() : decoded.Copy(SKColorType.Rgba8888)
            ?? throw new InvalidDataException($"image '{path}' could not be converted to RGBA");
        using var cropped = p.Resize == "center-crop" ? CenterCrop(rgba, p.Width, p.Height) : rgba.Copy();
        using var resized = cropped.Width == p.Width && cropped.Height == p.Height
            ? cropped.Copy()
            : cropped.Resize(new SKImageInfo(p.Width, p.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
              ?? throw new InvalidDataException($"image '{path}' could not be resized to {p.Width} x {p.Height}");

        var pixels = resized.GetPixelSpan();
        var (w, h, channels) = (p.Width, p.Height, p.ChannelCount);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var o = (y * resized.RowBytes) + (x * 4);
                float r = pixels[o], g = pixels[o + 1], b = pixels[o + 2];
                for (var c = 0; c < channels; c++)
                {
                    var raw = p.Channels switch
                    {
                        "gray" => (0.299f * r) + (0.587f * g) + (0.114f * b),
                        "bgr" => c == 0 ? b : c == 1 ? g : r,
                        _ => c == 0 ? r : c == 1 ? g : b,
                    };
                    var value = ((raw * p.Scale) - p.Mean[c]) / p.Std[c];
                    var index = p.Layout == "nchw" ? (c * h * w) + (y * w) + x : (((y * w) + x) * channels) + c;
                    destination[index] = value;
                }
            }
        }
    }

    private static SKBitmap CenterCrop(SKBitmap source, int width, int height)
    {
        // Scale so the image covers width x height, then cut the centre: the aspect ratio is kept.
        var scale = Math.Max((double)width / source.Width, (double)height / source.Height);
        var cropW = (int)Math.Round(width / scale);
        var cropH = (int)Math.Round(height / scale);
        var left = (source.Width - cropW) / 2;
        var top = (source.Height - cropH) / 2;
        var result = new SKBitmap(new SKImageInfo(cropW, cropH, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        source.ExtractSubset(result, new SKRectI(left, top, left + cropW, top + cropH));
        return result.Copy();
    }
}
