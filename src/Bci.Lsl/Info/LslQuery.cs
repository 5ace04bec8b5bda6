using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Linq;
using System.Xml.XPath;

namespace Bci.Lsl.Info;

/// <summary>
/// LSL resolve queries: an XPath 1.0 expression evaluated as a boolean with the stream's &lt;info&gt; element as
/// context node against the full document (so desc can be queried), as liblsl does with pugixml. Empty = all.
/// </summary>
public static class LslQuery
{
    private static readonly ConcurrentDictionary<string, XPathExpression?> Compiled = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="query"/> is empty or valid XPath; otherwise the parser's message.</summary>
    public static string? Validate(string query)
    {
        if (string.IsNullOrWhiteSpace(query)) return null;
        try
        {
            XPathExpression.Compile("boolean(" + query + ")");
            return null;
        }
        catch (XPathException e)
        {
            return $"query \"{query}\" is not valid XPath: {e.Message}";
        }
    }

    /// <summary>Evaluates the query against a parsed info document; an invalid query matches nothing (as in liblsl).</summary>
    public static bool Matches(XElement info, string query)
    {
        if (string.IsNullOrWhiteSpace(query)) return true;
        var expression = Compiled.GetOrAdd(query, q =>
        {
            try { return XPathExpression.Compile("boolean(" + q + ")"); }
            catch (XPathException) { return null; }
        });
        if (Compiled.Count > 1000) Compiled.Clear();
        if (expression is null) return false;
        try
        {
            var navigator = info.CreateNavigator();
            return navigator.Evaluate(expression) is true;
        }
        catch (XPathException)
        {
            return false;
        }
    }

    public static bool Matches(LslStreamInfo info, string query) =>
        Matches(XDocument.Parse(info.ToFullXml()).Root!, query);

    /// <summary>"name='X'" style predicate with the value quoted safely for XPath (apostrophes handled).</summary>
    public static string Property(string property, string value)
    {
        if (!XmlReaderName(property)) throw new ArgumentException($"'{property}' is not an info field name", nameof(property));
        return $"{property}={Literal(value)}";
    }

    /// <summary>Combines predicates with 'and', skipping empty ones.</summary>
    public static string And(params string?[] predicates) =>
        string.Join(" and ", predicates.Where(p => !string.IsNullOrWhiteSpace(p)));

    /// <summary>An XPath string literal for any text (concat() when it holds both quote kinds).</summary>
    public static string Literal(string value)
    {
        if (!value.Contains('\'')) return "'" + value + "'";
        if (!value.Contains('"')) return "\"" + value + "\"";
        return "concat('" + value.Replace("'", "',\"'\",'", StringComparison.Ordinal) + "')";
    }

    private static bool XmlReaderName(string name)
    {
        try { XmlConvert.VerifyName(name.Replace('/', '_')); return true; }
        catch (XmlException) { return false; }
    }
}
