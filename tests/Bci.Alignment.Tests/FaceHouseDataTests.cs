using Bci.Alignment.Encoders;
using Bci.Alignment.Evaluation;
using Bci.Alignment.Synthetic;
using Bci.TestSupport;

namespace Bci.Alignment.Tests;

/// <summary>The real-data check on the Muse N170 face/house recordings in ../shared/data.</summary>
public sealed class FaceHouseDataTests
{
    private const string Recordings = "n170-faces-houses/subject1_session1";
    private const string Stimuli = "n170-faces-houses/stim";

    [DataFact(Recordings, Stimuli)]
    public void Epochs_MatchTheMarkersOfEveryFile()
    {
        var files = Directory.GetFiles(TestData.Require(Recordings), "*.csv").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(6, files.Length);
        var first = MuseCsvRecording.Read(files[0]);
        // PROVENANCE.md: data_2017-09-13-15.30.01.csv has 30,732 rows, 108 house (1) and 89 face (2) markers.
        Assert.Equal(30_732, first.Rows);
        Assert.Equal(108, first.Markers.Count(m => m.Code == 1));
        Assert.Equal(89, first.Markers.Count(m => m.Code == 2));

        var (epochs, rejected) = new FaceHouseEvaluation().Epochs(files);
        var markers = files.Select(MuseCsvRecording.Read).Sum(r => r.Markers.Count(m =>
            m.Row - FaceHouseEvaluation.BaselineSamples >= 0 && m.Row + FaceHouseEvaluation.EpochSamples <= r.Rows));
        Assert.Equal(markers, epochs.Count + rejected);
        Assert.True(rejected < markers / 10, $"{rejected} of {markers} epochs rejected");
    }

    [DataFact(Recordings, Stimuli)]
    public void FaceHouseRetrieval_ReportsAccuracyWithChanceAndInterval()
    {
        using var encoder = new OnnxLatentEncoder(Golden.Path("tiny-encoder.onnx"));
        var images = encoder.BuildCatalog(TestData.Require(Stimuli));
        Assert.Equal(24, images.Count);
        var result = new FaceHouseEvaluation().Run(TestData.Require(Recordings), images);
        Assert.Equal(0.5, result.Score.ChanceTop1);
        Assert.Equal(result.Epochs, result.Score.Trials);
        var (low, high) = result.Score.Top1Interval;
        Assert.InRange(result.Score.Top1, low, high);
        Assert.Equal(6, result.ChosenPenalties.Count);
    }

    [Fact]
    public void WilsonInterval_MatchesTheTextbookValue()
    {
        // 731 of 1148: Wilson 95% interval computed independently in Python (math only, z = 1.959964): 0.60853-0.66408.
        var (low, high) = RetrievalScore.Wilson(731, 1148);
        Assert.Equal(0.60853, low, 4);
        Assert.Equal(0.66408, high, 4);
    }
}
