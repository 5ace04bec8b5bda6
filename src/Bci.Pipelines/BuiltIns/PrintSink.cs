using System.Reactive;
using System.Reactive.Linq;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Pipelines.BuiltIns;

/// <summary>Prints items of any stream (decoded outputs, markers, windows, chunks) to the log, every n-th one.</summary>
[Stage("print", Description = "Prints every n-th item of any stream (decoded outputs, markers, windows) to the log.")]
public sealed class PrintSink : ISink<object>
{
    [Option("every", Description = "Print one item in this many.")]
    public int Every { get; init; } = 1;

    public IObservable<Unit> Consume(IObservable<object> input, StageContext context) => Observable.Create<Unit>(observer =>
    {
        long seen = 0;
        return input.Subscribe(item =>
        {
            if (seen++ % Math.Max(1, Every) != 0) return;
            context.Info(Describe(item));
        }, observer.OnError, () =>
        {
            context.Info($"{seen} items");
            observer.OnCompleted();
        });
    });

    private static string Describe(object item) => item switch
    {
        DecodedOutput d => $"{d.Decoder} @ {d.Timestamp:0.000} s: {string.Join(", ", d.Classes.Zip(d.Probabilities, (c, p) => $"{c}={p:0.00}"))}"
                           + (d.Control is { } control ? $" control={control:0.000}" : ""),
        _ => item.ToString() ?? "",
    };
}
