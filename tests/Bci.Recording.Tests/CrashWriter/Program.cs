using Bci.Core.Streams;
using Bci.Core.Time;
using Bci.Recording.Xdf;

// Records a 500 Hz, 4-channel stream (value of sample i, channel c = i * 10 + c) and a marker every 100 samples
// into the XDF file named by the first argument, in real time, until killed. Prints "started" once the file
// exists; the test reads the sample index that should have been written by the time it killed this process
// from the LSL clock (both processes read the same monotonic clock).
var path = args[0];
const double rate = 500;
var description = StreamDescription.Unlabelled("crash-test", "EEG", 4, rate, ChannelFormat.Float32);
var markers = new StreamDescription("crash-markers", "Markers", [new ChannelInfo("marker", "Markers", "")], 0, ChannelFormat.String);
using var writer = new XdfWriter(path, new XdfWriterOptions { FlushInterval = 0.5 });
var data = writer.AddStream(description);
var cues = writer.AddStream(markers);
var start = LslClock.LocalClock();
Console.WriteLine($"started {start:R}");
Console.Out.Flush();
long written = 0;
while (true)
{
    var due = (long)((LslClock.LocalClock() - start) * rate);
    if (due <= written) { Thread.Sleep(2); continue; }
    var n = (int)(due - written);
    var values = new double[n * 4];
    var times = new double[n];
    for (var i = 0; i < n; i++)
    {
        var k = written + i;
        times[i] = start + k / rate;
        for (var c = 0; c < 4; c++) values[i * 4 + c] = k * 10 + c;
        if (k % 100 == 0) writer.Write(cues, [new MarkerEvent($"m{k}", times[i])]);
    }
    writer.Write(data, SampleChunk.Wrap(description, values, times));
    written = due;
}
