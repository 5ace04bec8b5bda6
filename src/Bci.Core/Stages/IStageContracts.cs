using System.Reactive;

namespace Bci.Core.Stages;

/// <summary>
/// A source: produces a stream. The observable it returns must be cold (nothing happens before Subscribe), keep
/// all state per subscription, and complete when <see cref="StageContext.Stopping"/> is cancelled, so that
/// sinks downstream can flush.
/// </summary>
public interface ISource<out TOut>
{
    IObservable<TOut> Open(StageContext context);
}

/// <summary>A transform of one stream into another. Per-subscription state only (inside Observable.Create).</summary>
public interface IStage<in TIn, out TOut>
{
    IObservable<TOut> Apply(IObservable<TIn> input, StageContext context);
}

/// <summary>A transform with a second input (e.g. samples plus the markers that lock epochs to them).</summary>
public interface IStage<in TIn, in TSide, out TOut>
{
    IObservable<TOut> Apply(IObservable<TIn> input, IObservable<TSide> side, StageContext context);
}

/// <summary>
/// A sink: consumes a stream. The returned observable completes once the input has completed and everything
/// was flushed (files closed, outlets drained); an error in the sink travels on it.
/// </summary>
public interface ISink<in TIn>
{
    IObservable<Unit> Consume(IObservable<TIn> input, StageContext context);
}

/// <summary>Optional: checks option values after binding (e.g. low cut below high cut) and returns the problems.</summary>
public interface IValidatingStage
{
    IEnumerable<string> Validate();
}
