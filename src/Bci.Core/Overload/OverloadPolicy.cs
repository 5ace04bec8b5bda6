using System.Globalization;
using System.Text.RegularExpressions;

namespace Bci.Core.Overload;

/// <summary>
/// What happens at a stage boundary when the stage falls behind. Written in pipeline files as
/// <c>latest-wins(4)</c>, <c>block(1024)</c> or <c>inline</c>. Every queue is bounded: there is no unbounded option.
/// </summary>
public sealed partial record OverloadPolicy
{
    public const int MaxCapacity = 1 << 20;

    public OverloadPolicy(OverloadMode mode, int capacity)
    {
        if (mode != OverloadMode.Inline && (capacity < 1 || capacity > MaxCapacity))
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"an overload queue holds 1 to {MaxCapacity} items");
        Mode = mode;
        Capacity = mode == OverloadMode.Inline ? 0 : capacity;
    }

    public OverloadMode Mode { get; }
    public int Capacity { get; }

    public static OverloadPolicy Inline { get; } = new(OverloadMode.Inline, 0);

    public static OverloadPolicy LatestWins(int capacity) => new(OverloadMode.LatestWins, capacity);

    public static OverloadPolicy Block(int capacity) => new(OverloadMode.Block, capacity);

    [GeneratedRegex(@"^\s*(?<mode>latest-wins|block)\s*\(\s*(?<n>\d+)\s*\)\s*$|^\s*(?<inline>inline)\s*$")]
    private static partial Regex Pattern();

    public static bool TryParse(string text, out OverloadPolicy policy, out string error)
    {
        policy = Inline;
        error = "";
        var m = Pattern().Match(text ?? "");
        if (!m.Success)
        {
            error = $"'{text}' is not an overload policy (write latest-wins(N), block(N) or inline)";
            return false;
        }
        if (m.Groups["inline"].Success) return true;
        if (!int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > MaxCapacity)
        {
            error = $"'{text}': the queue must hold 1 to {MaxCapacity} items";
            return false;
        }
        policy = new OverloadPolicy(m.Groups["mode"].Value == "block" ? OverloadMode.Block : OverloadMode.LatestWins, n);
        return true;
    }

    public override string ToString() => Mode switch
    {
        OverloadMode.LatestWins => $"latest-wins({Capacity})",
        OverloadMode.Block => $"block({Capacity})",
        _ => "inline",
    };
}
