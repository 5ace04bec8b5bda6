using System.Collections.Immutable;

namespace Bci.Alignment.Training;

/// <summary>
/// A train/test split over whole catalog items: every trial of a held-out item is in the test set and none in
/// training, so test accuracy measures zero-shot generalisation to unseen items. <see cref="TrainingTrials"/> and
/// <see cref="TestTrials"/> check that promise on every call.
/// </summary>
public sealed class ZeroShotSplit
{
    private ZeroShotSplit(ImmutableHashSet<string> train, ImmutableHashSet<string> test)
    {
        TrainItems = train;
        TestItems = test;
        if (TrainItems.Overlaps(TestItems))
            throw new InvalidOperationException($"items in both training and test: {string.Join(", ", TrainItems.Intersect(TestItems).Take(5))}");
    }

    public ImmutableHashSet<string> TrainItems { get; }
    public ImmutableHashSet<string> TestItems { get; }

    /// <summary>Holds out <paramref name="testCount"/> items chosen at random (seeded) from <paramref name="items"/>.</summary>
    public static ZeroShotSplit HoldOut(IEnumerable<string> items, int testCount, int seed)
    {
        var all = items.Distinct(StringComparer.Ordinal).ToArray();
        if (testCount <= 0 || testCount >= all.Length)
            throw new ArgumentOutOfRangeException(nameof(testCount), testCount, $"must hold out between 1 and {all.Length - 1} of {all.Length} items");
        new Random(seed).Shuffle(all);
        return new ZeroShotSplit(all[testCount..].ToImmutableHashSet(StringComparer.Ordinal), all[..testCount].ToImmutableHashSet(StringComparer.Ordinal));
    }

    /// <summary>A split with explicit held-out items (e.g. a movement with no training trials).</summary>
    public static ZeroShotSplit Explicit(IEnumerable<string> items, IEnumerable<string> heldOut)
    {
        var test = heldOut.ToImmutableHashSet(StringComparer.Ordinal);
        return new ZeroShotSplit(items.Where(i => !test.Contains(i)).ToImmutableHashSet(StringComparer.Ordinal), test);
    }

    /// <summary>The trials of training items; throws if any trial belongs to no known item.</summary>
    public IReadOnlyList<T> TrainingTrials<T>(IEnumerable<T> trials, Func<T, string> item) => Select(trials, item, TrainItems, "training");

    public IReadOnlyList<T> TestTrials<T>(IEnumerable<T> trials, Func<T, string> item) => Select(trials, item, TestItems, "test");

    private IReadOnlyList<T> Select<T>(IEnumerable<T> trials, Func<T, string> item, ImmutableHashSet<string> wanted, string what)
    {
        var result = new List<T>();
        foreach (var trial in trials)
        {
            var name = item(trial);
            if (!TrainItems.Contains(name) && !TestItems.Contains(name))
                throw new InvalidOperationException($"trial of item '{name}' is in neither the training nor the test items");
            if (wanted.Contains(name)) result.Add(trial);
        }
        var leaked = result.Select(item).FirstOrDefault(n => what == "training" ? TestItems.Contains(n) : TrainItems.Contains(n));
        if (leaked is not null) throw new InvalidOperationException($"held-out item '{leaked}' leaked into the {what} trials");
        return result;
    }
}
