using Bci.Recording.IO;
using Microsoft.Win32.SafeHandles;

namespace Bci.Recording.Edf;

/// <summary>
/// Reads only the annotation signals of every record of an EDF+/BDF+ file: the events, each record's start time
/// (needed for discontinuous files) and the onset of the first record, which is the file's time origin.
/// </summary>
internal sealed class EdfAnnotationScan
{
    public required IReadOnlyList<TimeStampedAnnotationLists.Annotation> Annotations { get; init; }

    /// <summary>Start of each record relative to the first record's start (seconds), from the time-keeping TALs.</summary>
    public required double[] RecordOnsets { get; init; }

    /// <summary>Onset of the first record's time-keeping TAL (seconds after the header's start time).</summary>
    public required double FirstOnset { get; init; }

    public required IReadOnlyList<RecordingProblem> Problems { get; init; }

    public static EdfAnnotationScan Run(EdfHeader header, SafeFileHandle handle)
    {
        var annotationSignals = header.Signals.Where(s => s.IsAnnotation && s.SamplesPerRecord > 0).ToList();
        var problems = new List<RecordingProblem>();
        var annotations = new List<TimeStampedAnnotationLists.Annotation>();
        var onsets = new double[header.RecordCount];
        if (annotationSignals.Count == 0 || header.RecordCount == 0)
        {
            for (var r = 0; r < onsets.Length; r++) onsets[r] = r * header.RecordDuration;
            return new EdfAnnotationScan { Annotations = annotations, RecordOnsets = onsets, FirstOnset = 0, Problems = problems };
        }

        var bps = header.BytesPerSample;
        var from = annotationSignals.Min(s => s.OffsetInRecord);
        var to = annotationSignals.Max(s => s.OffsetInRecord + (long)s.SamplesPerRecord * bps);
        var buffer = new byte[to - from]; // bounded: part of one record, and a record fits in the file
        var malformedCount = 0;
        for (long r = 0; r < header.RecordCount; r++)
        {
            var recordAt = header.RecordOffset(r);
            FileReads.ReadExactly(handle, header.Path, buffer, recordAt + from, $"the annotations of record {r}");
            double? recordOnset = null;
            foreach (var signal in annotationSignals)
            {
                var at = signal.OffsetInRecord - from;
                var bytes = buffer.AsSpan((int)at, signal.SamplesPerRecord * bps);
                var signalAt = recordAt + signal.OffsetInRecord;
                var first = TimeStampedAnnotationLists.Parse(bytes, annotations, (offset, message) =>
                {
                    if (malformedCount++ < 20) problems.Add(new RecordingProblem(message, signalAt + offset));
                });
                recordOnset ??= first;
            }
            if (recordOnset is null)
            {
                if (malformedCount++ < 20)
                    problems.Add(new RecordingProblem($"record {r} has no time-keeping annotation; its start is taken as {r} x {header.RecordDuration} s", recordAt + from));
            }
            onsets[r] = recordOnset ?? (r == 0 ? 0 : onsets[r - 1] + header.RecordDuration);
        }
        if (malformedCount > 20)
            problems.Add(new RecordingProblem($"{malformedCount - 20} more annotation problems not listed"));

        var origin = onsets[0];
        for (var r = 0; r < onsets.Length; r++) onsets[r] -= origin;
        return new EdfAnnotationScan { Annotations = annotations, RecordOnsets = onsets, FirstOnset = origin, Problems = problems };
    }
}
