namespace Bci.Recording.Records;

/// <summary>
/// The data part of a record-based file: <see cref="RecordCount"/> complete records of <see cref="RecordBytes"/>
/// bytes from <see cref="DataOffset"/>. <see cref="RecordOnsets"/>, when set, gives each record's start time
/// (EDF+D); otherwise records follow each other without gaps.
/// </summary>
internal sealed record RecordLayout(string Path, long DataOffset, long RecordBytes, long RecordCount, double RecordDuration, double[]? RecordOnsets = null)
{
    public long RecordOffset(long record) => DataOffset + record * RecordBytes;

    public static int SizeOf(SampleType type) => type switch
    {
        SampleType.Int8 or SampleType.UInt8 => 1,
        SampleType.Int16 or SampleType.UInt16 => 2,
        SampleType.Int24 => 3,
        SampleType.Int32 or SampleType.UInt32 or SampleType.Float32 => 4,
        _ => 8,
    };
}
