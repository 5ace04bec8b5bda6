using System.Reactive;
using System.Reactive.Linq;
using System.Reflection;
using Bci.Core.Stages;

namespace Bci.Pipelines.Running;

/// <summary>
/// Calls a stage's typed contract from the runner's untyped graph. Edges are IObservable&lt;object&gt; (covariance
/// makes that free for reference types); each call casts back to the stage's own types. Reflection happens once
/// per node when a run is wired, never per item.
/// </summary>
internal static class StageInvoker
{
    public static IObservable<object> Open(Type output, object instance, StageContext context) =>
        (IObservable<object>)Generic(nameof(OpenTyped), output).Invoke(null, [instance, context])!;

    public static IObservable<object> Apply(Type input, Type output, object instance, IObservable<object> data, StageContext context) =>
        (IObservable<object>)Generic(nameof(ApplyTyped), input, output).Invoke(null, [instance, data, context])!;

    public static IObservable<object> Join(Type input, Type side, Type output, object instance, IObservable<object> data, IObservable<object> sideData, StageContext context) =>
        (IObservable<object>)Generic(nameof(JoinTyped), input, side, output).Invoke(null, [instance, data, sideData, context])!;

    public static IObservable<Unit> Consume(Type input, object instance, IObservable<object> data, StageContext context) =>
        (IObservable<Unit>)Generic(nameof(ConsumeTyped), input).Invoke(null, [instance, data, context])!;

    private static MethodInfo Generic(string name, params Type[] types) =>
        typeof(StageInvoker).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(types);

    private static IObservable<object> OpenTyped<TOut>(object instance, StageContext context) =>
        Untyped(((ISource<TOut>)instance).Open(context));

    private static IObservable<object> ApplyTyped<TIn, TOut>(object instance, IObservable<object> data, StageContext context) =>
        Untyped(((IStage<TIn, TOut>)instance).Apply(Typed<TIn>(data), context));

    private static IObservable<object> JoinTyped<TIn, TSide, TOut>(object instance, IObservable<object> data, IObservable<object> side, StageContext context) =>
        Untyped(((IStage<TIn, TSide, TOut>)instance).Apply(Typed<TIn>(data), Typed<TSide>(side), context));

    private static IObservable<Unit> ConsumeTyped<TIn>(object instance, IObservable<object> data, StageContext context) =>
        ((ISink<TIn>)instance).Consume(Typed<TIn>(data), context);

    private static IObservable<T> Typed<T>(IObservable<object> source) => source as IObservable<T> ?? source.Select(item => (T)item);

    private static IObservable<object> Untyped<T>(IObservable<T> source) => source as IObservable<object> ?? source.Select(item => (object)item!);
}
