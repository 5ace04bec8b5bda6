using System.Globalization;
using Bci.Lsl.Info;

namespace Bci.Lsl.Stages;

/// <summary>Turns the stage options name/type/source-id/query into one XPath query and resolves exactly one stream.</summary>
internal static class StreamSelector
{
    public static string Query(string name, string type, string sourceId, string query) =>
        LslQuery.And(
            name.Length > 0 ? LslQuery.Property("name", name) : null,
            type.Length > 0 ? LslQuery.Property("type", type) : null,
            sourceId.Length > 0 ? LslQuery.Property("source_id", sourceId) : null,
            query.Length > 0 ? "(" + query + ")" : null);

    public static IEnumerable<string> Validate(string name, string type, string sourceId, string query)
    {
        if (name.Length == 0 && type.Length == 0 && sourceId.Length == 0 && query.Length == 0)
            yield return "give at least one of name, type, source-id or query to select the LSL stream";
        if (query.Length > 0 && LslQuery.Validate(query) is { } problem) yield return problem;
    }

    /// <summary>The first stream matching, or a <see cref="TimeoutException"/> naming the query.</summary>
    public static LslStreamInfo ResolveOne(ILslBackend backend, string query, double timeoutSeconds, CancellationToken stopping)
    {
        var resolver = backend.CreateResolver();
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds <= 0 ? LslConstants.Forever : Math.Min(timeoutSeconds, LslConstants.Forever));
        while (!stopping.IsCancellationRequested)
        {
            var slice = Math.Min(1.0, Math.Max(0.05, (deadline - DateTime.UtcNow).TotalSeconds));
            var found = resolver.Resolve(query, 1, slice);
            if (found.Count > 0) return found[0];
            if (DateTime.UtcNow >= deadline) break;
        }
        stopping.ThrowIfCancellationRequested();
        throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"no LSL stream matching \"{query}\" was found within {timeoutSeconds:0.###} s"));
    }

    /// <summary>The stage's lsl_api.cfg when one is named, else liblsl's lookup; a named file that fails to parse is an error.</summary>
    public static Config.LslConfig LoadConfig(string path, Core.Stages.StageContext context)
    {
        if (path.Length == 0) return Config.LslConfig.Load();
        var full = context.ResolvePath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"LSL config '{full}' does not exist", full);
        try
        {
            return Config.LslConfig.Parse(File.ReadAllText(full)) with { Origin = full };
        }
        catch (FormatException e)
        {
            throw new FormatException($"LSL config '{full}': {e.Message}", e);
        }
    }

    /// <summary>Volts per value for a channel unit written in the stream's desc (1 when unknown).</summary>
    public static double VoltsPer(string unit) => unit.Trim().ToLowerInvariant() switch
    {
        "microvolts" or "microvolt" or "uv" or "µv" or "μv" => 1e-6,
        "millivolts" or "millivolt" or "mv" => 1e-3,
        "nanovolts" or "nv" => 1e-9,
        _ => 1,
    };
}
