namespace Bci.Alignment.Retrieval;

/// <summary>One gallery item found for a query: its row in the catalog, its name and its cosine similarity.</summary>
public readonly record struct RetrievalHit(int Index, string Name, float Score)
{
    public override string ToString() => $"{Name} {Score:0.000}";
}
