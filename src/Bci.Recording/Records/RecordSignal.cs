namespace Bci.Recording.Records;

/// <summary>Where one signal lives inside a data record and how its stored values become model values.</summary>
internal sealed record RecordSignal(long OffsetInRecord, int SamplesPerRecord, SampleType Type, double Gain, double Offset);
