namespace Bci.Recording.Records;

/// <summary>How one sample of a record-based file (EDF, BDF, GDF) is stored: little-endian throughout.</summary>
internal enum SampleType
{
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int24,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Float32,
    Float64,
}
