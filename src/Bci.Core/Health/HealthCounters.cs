using System.Collections.Concurrent;

namespace Bci.Core.Health;

/// <summary>The named counters of one stage; the runner and the terminal view read them while the pipeline runs.</summary>
public sealed class HealthCounters(string owner)
{
    private readonly ConcurrentDictionary<string, HealthCounter> _counters = new(StringComparer.Ordinal);

    public string Owner { get; } = owner;

    public HealthCounter Counter(string name, string unit = "") => _counters.GetOrAdd(name, n => new HealthCounter(n, unit));

    public IReadOnlyList<HealthCounter> All => _counters.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

    public long this[string name] => _counters.TryGetValue(name, out var c) ? c.Value : 0;
}
