namespace Bci.Alignment.Catalogs;

/// <summary>One named entry of a latent catalog and what its latent was computed from.</summary>
public sealed record LatentItem(string Name, LatentSourceKind Kind = LatentSourceKind.None, string Source = "")
{
    public string Name { get; } = string.IsNullOrWhiteSpace(Name)
        ? throw new ArgumentException("a latent item needs a non-empty name", nameof(Name))
        : Name;

    /// <summary>The kind and source as one token, e.g. "image:faces/Annie_3.jpg" or "action:left-hand".</summary>
    public string SourceToken => Kind == LatentSourceKind.None ? Source : $"{Kind.ToString().ToLowerInvariant()}:{Source}";

    /// <summary>Parses a <see cref="SourceToken"/>; text without a known "kind:" prefix is kept as an untyped source.</summary>
    public static LatentItem FromToken(string name, string? token)
    {
        if (string.IsNullOrEmpty(token)) return new LatentItem(name);
        var colon = token.IndexOf(':');
        if (colon > 0 && Enum.TryParse<LatentSourceKind>(token[..colon], ignoreCase: true, out var kind) && kind != LatentSourceKind.None)
            return new LatentItem(name, kind, token[(colon + 1)..]);
        return new LatentItem(name, LatentSourceKind.None, token);
    }
}
