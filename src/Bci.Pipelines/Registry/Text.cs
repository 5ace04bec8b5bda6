namespace Bci.Pipelines.Registry;

/// <summary>Small text helpers for error messages.</summary>
internal static class Text
{
    /// <summary>Levenshtein distance, case-insensitive: how many edits turn one name into another.</summary>
    public static int EditDistance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    public static string DidYouMean(IEnumerable<string> candidates)
    {
        var list = candidates.ToList();
        return list.Count == 0 ? "" : $" (did you mean {string.Join(" or ", list.Select(c => $"'{c}'"))}?)";
    }
}
