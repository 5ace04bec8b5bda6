using System.Reactive.Concurrency;
using Bci.Audio.Providers;
using Bci.Core.Time;

namespace Bci.Audio.Output;

/// <summary>Plays one sound to an output and measures it (the `bci audio play` and `bci audio test` verbs).</summary>
public static class AudioPlayback
{
    /// <summary>Plays <paramref name="sound"/> (resampled if needed) and completes once it has been heard; the output is disposed.</summary>
    public static async Task<PlaybackReport> PlayAsync(ISampleProvider sound, IAudioOutput output, IClock clock, IScheduler scheduler,
        CancellationToken cancellation = default)
    {
        using var player = new AudioPlayer(output, clock, scheduler);
        var heard = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var requested = clock.Now;
        var counted = new CountingProvider(sound);
        player.Play(counted, onset => heard.TrySetResult(onset));
        player.Start();
        var onset = await heard.Task.WaitAsync(cancellation);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        double? tailHeard = null;
        using (scheduler.SchedulePeriodic(TimeSpan.FromSeconds(output.PeriodFrames / (double)output.SampleRate), () =>
        {
            if (!player.NothingQueued) return;
            tailHeard ??= clock.Now + player.BufferLatency;
            if (clock.Now >= tailHeard) done.TrySetResult();
        }))
        {
            using var registration = cancellation.Register(() => done.TrySetCanceled(cancellation));
            await done.Task;
        }
        return new PlaybackReport(output.Device, requested, onset, player.BufferLatency, output.PeriodFrames / (double)output.SampleRate,
            player.MaxDelay, output.Underruns, counted.Frames);
    }

    private sealed class CountingProvider(ISampleProvider inner) : ISampleProvider
    {
        public long Frames { get; private set; }
        public int SampleRate => inner.SampleRate;
        public int Channels => inner.Channels;

        public int Read(Span<float> buffer)
        {
            var n = inner.Read(buffer);
            Frames += n;
            return n;
        }
    }
}
