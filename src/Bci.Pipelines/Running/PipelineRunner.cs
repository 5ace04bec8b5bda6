using System.Diagnostics;
using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Bci.Core.Health;
using Bci.Core.Logging;
using Bci.Core.Overload;
using Bci.Core.Stages;
using Bci.Pipelines.Files;

namespace Bci.Pipelines.Running;

/// <summary>
/// Runs a <see cref="Pipeline"/>: wires every node's observable, shares each output among its consumers, starts
/// the sources last, and waits until every sink has flushed. A stop (duration elapsed, Ctrl+C, or an error in any
/// stage) cancels <see cref="StageContext.Stopping"/>, the sources complete, and the completion flows down so
/// sinks flush; errors are reported as <see cref="StageException"/>s naming stage and stream.
/// </summary>
public static class PipelineRunner
{
    public static async Task<RunResult> RunAsync(Pipeline pipeline, RunOptions options, CancellationToken cancellation = default)
    {
        using var run = new Run(pipeline, options, cancellation);
        return await run.ExecuteAsync().ConfigureAwait(false);
    }

    /// <summary>Starts a run and returns at once: for virtual-time tests that advance the scheduler themselves.</summary>
    public static RunHandle Start(Pipeline pipeline, RunOptions options, CancellationToken cancellation = default)
    {
        var run = new Run(pipeline, options, cancellation);
        var completion = run.ExecuteAsync().ContinueWith(t =>
        {
            run.Dispose();
            return t.Result;
        }, TaskScheduler.Default);
        return new RunHandle(completion, run.RequestStop) { Health = run.Health };
    }

    private sealed class Run : IDisposable
    {
        private readonly Pipeline _pipeline;
        private readonly RunOptions _options;
        private readonly CancellationTokenSource _stop;
        private readonly CompositeDisposable _resources = [];
        private readonly List<StageException> _errors = [];
        private readonly Dictionary<string, HealthCounters> _health = new(StringComparer.Ordinal);
        private readonly Stopwatch _elapsed = new();
        private volatile bool _stopRequested;

        public Run(Pipeline pipeline, RunOptions options, CancellationToken cancellation)
        {
            _pipeline = pipeline;
            _options = options;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            _stop.Token.Register(() => _stopRequested = true);
            foreach (var node in pipeline.Nodes) _health[node.Id] = new HealthCounters(node.Id);
        }

        public IReadOnlyDictionary<string, HealthCounters> Health => _health;

        public void RequestStop()
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // the run already ended
            }
        }

        public async Task<RunResult> ExecuteAsync()
        {
            _elapsed.Start();
            var outputs = new Dictionary<string, IObservable<object>>(StringComparer.Ordinal);
            var connectables = new List<IConnectableObservable<object>>();
            var sinks = new List<(PipelineNode Node, IObservable<Unit> Completion)>();

            foreach (var node in _pipeline.Nodes)
            {
                var context = new StageContext(node.Id, _options.Scheduler, _options.Clock, _options.Log, _stop.Token, _pipeline.BaseDirectory, _health[node.Id]);
                if (node.Kind == NodeKind.Sink)
                {
                    sinks.Add((node, Wire(node, context, outputs, consume: true).Select(_ => Unit.Default)));
                    continue;
                }
                var items = context.Health.Counter("items");
                var shared = Wire(node, context, outputs, consume: false).Do(_ => items.Increment()).Publish();
                connectables.Add(shared);
                outputs[node.Id] = shared;
            }

            var pending = sinks.Count;
            var allFlushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var (node, completion) in sinks)
            {
                _resources.Add(completion.Subscribe(
                    _ => { },
                    error =>
                    {
                        Fail(error, node);
                        if (Interlocked.Decrement(ref pending) == 0) allFlushed.TrySetResult();
                    },
                    () =>
                    {
                        if (Interlocked.Decrement(ref pending) == 0) allFlushed.TrySetResult();
                    }));
            }

            if (_options.Duration is { } duration)
                _resources.Add(_options.Scheduler.Schedule(duration, RequestStop));

            // Consumers are subscribed; start producers from the most downstream up, sources last, so nothing is
            // emitted before everyone listens.
            for (var i = connectables.Count - 1; i >= 0; i--)
                _resources.Add(connectables[i].Connect());

            if (sinks.Count == 0) allFlushed.TrySetResult();
            await WaitForSinksAsync(allFlushed.Task).ConfigureAwait(false);
            _elapsed.Stop();
            lock (_errors)
                return new RunResult(_errors.ToList(), _health, _elapsed.Elapsed, _stopRequested);
        }

        private async Task WaitForSinksAsync(Task allFlushed)
        {
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (_stop.Token.Register(() => stopped.TrySetResult()))
            {
                if (await Task.WhenAny(allFlushed, stopped.Task).ConfigureAwait(false) == allFlushed) return;
            }
            // A stop was requested: sources complete, sinks flush. Give them the grace period, then cut them off.
            if (await Task.WhenAny(allFlushed, Task.Delay(_options.StopGrace)).ConfigureAwait(false) != allFlushed)
            {
                _options.Log.Write(LogLevel.Warning, _pipeline.Name,
                    $"some sinks had not finished {_options.StopGrace.TotalSeconds:0} s after the stop; their subscriptions were cut");
            }
        }

        private IObservable<object> Wire(PipelineNode node, StageContext context, Dictionary<string, IObservable<object>> outputs, bool consume)
        {
            var stage = node.Stage;
            var typeName = stage.Name;
            return Observable.Defer(() =>
            {
                var edge = new GuardedEdge(node.Id, typeName); // per subscription: its failure channel belongs to this run
                IObservable<object> Input(string port) => edge.Guard(outputs[node.Inputs[port]]);

                IObservable<object> result;
                switch (node.Kind)
                {
                    case NodeKind.Source:
                        result = StageInvoker.Open(stage.OutputType, node.Instance, context);
                        break;
                    case NodeKind.Stage when stage.SideInputType is null:
                        result = StageInvoker.Apply(stage.InputType!, stage.OutputType, node.Instance, Handoff(node, Input("data"), context), context);
                        break;
                    case NodeKind.Stage:
                        result = StageInvoker.Join(stage.InputType!, stage.SideInputType, stage.OutputType, node.Instance,
                            Handoff(node, Input("data"), context), Input(stage.SideInputName!), context);
                        break;
                    default:
                        // A sink emits nothing: its "items" counts what it received.
                        var received = context.Health.Counter("items");
                        result = StageInvoker.Consume(stage.InputType!, node.Instance, Handoff(node, Input("data").Do(_ => received.Increment()), context), context)
                            .Select(u => (object)u);
                        break;
                }
                return edge.FailWith(result);
            }).Catch<object, Exception>(error => Observable.Throw<object>(error as StageException
                                                                          ?? new StageException(node.Id, typeName, null, (error.InnerException ?? error).Message, error)));
        }

        private IObservable<object> Handoff(PipelineNode node, IObservable<object> input, StageContext context)
        {
            if (node.Overload.Mode == OverloadMode.Inline) return input;
            var scheduler = _options.HandoffScheduler?.Invoke(node.Id);
            if (scheduler is null)
            {
                var thread = new EventLoopScheduler(start => new Thread(start) { Name = $"bci:{node.Id}", IsBackground = true });
                lock (_resources) _resources.Add(thread);
                scheduler = thread;
            }
            return input.ObserveOnBounded(node.Overload, scheduler, context.Health);
        }

        private void Fail(Exception error, PipelineNode sink)
        {
            var stageError = error as StageException ?? new StageException(sink.Id, sink.Stage.Name, null, error.Message, error);
            lock (_errors)
            {
                // An error upstream of two sinks reaches both: report it once.
                if (_errors.Contains(stageError)) return;
                _errors.Add(stageError);
            }
            _options.Log.Write(LogLevel.Error, stageError.StageId, stageError.Message);
            RequestStop();
        }

        public void Dispose()
        {
            lock (_resources) _resources.Dispose();
            _stop.Dispose();
        }
    }
}
