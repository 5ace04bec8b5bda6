namespace Bci.Core.Health;

/// <summary>A thread-safe count (drops, rejected windows, reconnects) or level (queue depth, lag) that a person watches.</summary>
public sealed class HealthCounter(string name, string unit = "")
{
    private long _value;
    private long _max;

    public string Name { get; } = name;
    public string Unit { get; } = unit;

    public long Value => Interlocked.Read(ref _value);

    /// <summary>Highest value ever set through <see cref="Set"/> or reached by <see cref="Add"/>.</summary>
    public long Max => Interlocked.Read(ref _max);

    public void Increment() => Add(1);

    public void Add(long amount) => RaiseMax(Interlocked.Add(ref _value, amount));

    public void Set(long value)
    {
        Interlocked.Exchange(ref _value, value);
        RaiseMax(value);
    }

    private void RaiseMax(long candidate)
    {
        var current = Interlocked.Read(ref _max);
        while (candidate > current)
        {
            var seen = Interlocked.CompareExchange(ref _max, candidate, current);
            if (seen == current) return;
            current = seen;
        }
    }

    public override string ToString() => $"{Name}={Value}{(Unit.Length > 0 ? " " + Unit : "")}";
}
