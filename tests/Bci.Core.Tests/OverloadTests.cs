using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Bci.Core.Health;
using Bci.Core.Overload;

namespace Bci.Core.Tests;

public sealed class OverloadTests
{
    [Theory]
    [InlineData("latest-wins(4)", OverloadMode.LatestWins, 4)]
    [InlineData(" block( 1024 ) ", OverloadMode.Block, 1024)]
    [InlineData("inline", OverloadMode.Inline, 0)]
    public void Policies_ParseFromPipelineText(string text, OverloadMode mode, int capacity)
    {
        Assert.True(OverloadPolicy.TryParse(text, out var policy, out _));
        Assert.Equal(mode, policy.Mode);
        Assert.Equal(capacity, policy.Capacity);
    }

    [Theory]
    [InlineData("latest-wins")]
    [InlineData("unbounded")]
    [InlineData("block(0)")]
    [InlineData("block(99999999999)")]
    public void UnboundedOrMalformedPolicies_AreRejected(string text)
    {
        Assert.False(OverloadPolicy.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void LatestWins_KeepsTheNewestItems_CountsEveryDrop_AndNeverHoldsMoreThanItsCapacity()
    {
        var consumerTime = new HistoricalScheduler();
        var health = new HealthCounters("decoder");
        var source = new Subject<int>();
        var received = new List<int>();
        var completed = false;
        using var _ = source.ObserveOnBounded(OverloadPolicy.LatestWins(4), consumerTime, health)
            .Subscribe(received.Add, () => completed = true);

        // The producer runs ahead: the consumer's virtual clock does not move while 100 items arrive.
        for (var i = 0; i < 100; i++) source.OnNext(i);
        source.OnCompleted();
        Assert.Empty(received);

        consumerTime.AdvanceBy(TimeSpan.FromTicks(1));

        Assert.Equal([96, 97, 98, 99], received);
        Assert.True(completed);
        Assert.Equal(96, health["dropped"]);
        Assert.Equal(4, health.Counter("queue").Max);
    }

    [Fact]
    public void LatestWins_DeliversEverythingWhenTheConsumerKeepsUp()
    {
        var consumerTime = new HistoricalScheduler();
        var health = new HealthCounters("decoder");
        var source = new Subject<int>();
        var received = new List<int>();
        using var _ = source.ObserveOnBounded(OverloadPolicy.LatestWins(2), consumerTime, health).Subscribe(received.Add);
        for (var i = 0; i < 50; i++)
        {
            source.OnNext(i);
            consumerTime.AdvanceBy(TimeSpan.FromTicks(1));
        }
        Assert.Equal(Enumerable.Range(0, 50), received);
        Assert.Equal(0, health["dropped"]);
    }

    [Fact]
    public void Block_NeverDrops_AndMakesTheProducerWaitAtCapacity()
    {
        using var consumerThread = new EventLoopScheduler();
        var health = new HealthCounters("recorder");
        var received = new List<int>();
        using var done = new ManualResetEventSlim();
        var source = Observable.Range(0, 300); // produces as fast as it can, synchronously
        using var _ = source.ObserveOnBounded(OverloadPolicy.Block(8), consumerThread, health).Subscribe(i =>
        {
            if (i % 50 == 0) Thread.Sleep(5); // a slow consumer now and then
            received.Add(i);
        }, done.Set);

        Assert.True(done.Wait(TimeSpan.FromSeconds(30)), "the blocked producer never finished");
        Assert.Equal(Enumerable.Range(0, 300), received);
        Assert.Equal(0, health["dropped"]);
        Assert.True(health.Counter("queue").Max <= 8, $"queue reached {health.Counter("queue").Max} items, above its capacity of 8");
    }

    [Fact]
    public void Errors_AreNeverDropped()
    {
        var consumerTime = new HistoricalScheduler();
        var source = new Subject<int>();
        Exception? seen = null;
        using var _ = source.ObserveOnBounded(OverloadPolicy.LatestWins(1), consumerTime, new HealthCounters("x"))
            .Subscribe(_ => { }, e => seen = e);
        source.OnNext(1);
        source.OnNext(2);
        source.OnError(new InvalidOperationException("amplifier unplugged"));
        consumerTime.AdvanceBy(TimeSpan.FromTicks(1));
        Assert.Equal("amplifier unplugged", seen?.Message);
    }
}
