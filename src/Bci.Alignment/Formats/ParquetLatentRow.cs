namespace Bci.Alignment.Formats;

/// <summary>One row of a latent Parquet file: the item's name, its source token and its vector (a list of floats).</summary>
public sealed class ParquetLatentRow
{
    public string Name { get; set; } = "";
    public string? Source { get; set; }
    public List<float> Latent { get; set; } = [];
}
