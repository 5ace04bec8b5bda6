using System.Collections.Immutable;
using System.Reactive.Linq;
using Bci.Alignment.Catalogs;
using Bci.Alignment.Formats;
using Bci.Alignment.Readout;
using Bci.Alignment.Retrieval;
using Bci.Alignment.Synthetic;
using Bci.Alignment.Training;
using Bci.Core.Logging;
using Bci.Core.Stages;
using Bci.Core.Streams;

namespace Bci.Alignment.Tests;

public sealed class StageTests
{
    private static StageContext Context(string directory) => new("test", log: new MemoryLog(), baseDirectory: directory);

    private static LatentCatalog Actions(LatentResponseModel model, int count, int seed)
    {
        var random = new Random(seed);
        var names = Enumerable.Range(0, count).Select(i => i switch { 0 => "left-hand", 1 => "right-hand", 2 => "feet", 3 => "grasp", _ => $"action{i}" }).ToArray();
        return new LatentCatalog("test/actions", "synthetic", model.LatentDimension,
            names.Select(n => new LatentItem(n, LatentSourceKind.Action, n)), names.SelectMany(_ => model.RandomLatent(random)).ToArray());
    }

    [Fact]
    public void Retrieve_EmitsTopKForEpochsAndSkipsSlidingWindows()
    {
        using var temp = new TempDirectory();
        var random = new Random(1);
        var vectors = Enumerable.Range(0, 50 * 8).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var catalog = new LatentCatalog("g", "", 8, Enumerable.Range(0, 50).Select(i => new LatentItem($"img{i}", LatentSourceKind.Image, $"img{i}.jpg")), vectors);
        LatentCatalogFile.Write(catalog, temp.File("gallery.bcilat"));

        var epoch = new DecodedOutput("dec", 10.0, [], []) { Embedding = catalog.Vector(7).ToImmutableArray(), Event = new MarkerEvent("img7", 9.5) };
        var window = new DecodedOutput("dec", 10.1, [], []) { Embedding = catalog.Vector(3).ToImmutableArray() };
        var stage = new RetrieveStage { Catalog = "gallery.bcilat", K = 3 };
        var context = Context(temp.Root);
        var results = stage.Apply(new[] { epoch, window }.ToObservable(), context).ToList().Wait();

        var result = Assert.Single(results);
        Assert.Equal(3, result.Hits.Length);
        Assert.Equal("img7", result.Best!.Value.Name);
        Assert.Equal(1.0, result.Best.Value.Score, 5);
        Assert.Equal("img7", result.Event!.Value);
        Assert.Equal(1, context.Health["skipped-windows"]);

        var markers = new RetrievalMarkersStage().Apply(results.ToObservable(), context).ToList().Wait();
        Assert.StartsWith("{\"event\":\"img7\",\"space\":\"g\",\"top\":[[\"img7\",1", Assert.Single(markers).Value);
        Assert.Equal(10.0, markers[0].Timestamp);
    }

    [Fact]
    public void Retrieve_PreScans_GiveTheExactResultWhenEveryItemIsACandidate()
    {
        using var temp = new TempDirectory();
        var random = new Random(2);
        var vectors = Enumerable.Range(0, 300 * 64).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var catalog = new LatentCatalog("g", "", 64, Enumerable.Range(0, 300).Select(i => new LatentItem($"img{i}")), vectors);
        LatentCatalogFile.Write(catalog, temp.File("gallery.bcilat"));
        var epochs = Enumerable.Range(0, 10).Select(i => new DecodedOutput("dec", i, [], [])
        {
            Embedding = Enumerable.Range(0, 64).Select(_ => (float)random.NextDouble() - 0.5f).ToImmutableArray(),
            Event = new MarkerEvent($"img{i}", i),
        }).ToArray();
        string[][] Names(RetrieveStage stage) =>
            stage.Apply(epochs.ToObservable(), Context(temp.Root)).ToList().Wait().Select(r => r.Hits.Select(h => h.Name).ToArray()).ToArray();

        var exact = Names(new RetrieveStage { Catalog = "gallery.bcilat", K = 5 });
        Assert.Equal(exact, Names(new RetrieveStage { Catalog = "gallery.bcilat", K = 5, Int8 = true, Candidates = 300 }));
        Assert.Equal(exact, Names(new RetrieveStage { Catalog = "gallery.bcilat", K = 5, Int4 = true, Candidates = 300 }));
        Assert.Contains("choose one", string.Join(";", new RetrieveStage { Catalog = "g", Int8 = true, Int4 = true }.Validate()));
    }

    [Fact]
    public void Retrieve_WrongEmbeddingDimension_NamesDecoderAndCatalog()
    {
        using var temp = new TempDirectory();
        var catalog = new LatentCatalog("space-a", "", 4, [new LatentItem("a"), new LatentItem("b")], [1, 0, 0, 0, 0, 1, 0, 0]);
        LatentCatalogFile.Write(catalog, temp.File("c.npz"));
        var output = new DecodedOutput("my-decoder", 1, [], []) { Embedding = [1f, 2f, 3f], Event = new MarkerEvent("x", 0.5) };
        var e = Assert.Throws<InvalidOperationException>(() => new RetrieveStage { Catalog = "c.npz" }.Apply(Observable.Return(output), Context(temp.Root)).Wait());
        Assert.Contains("my-decoder", e.Message);
        Assert.Contains("space-a", e.Message);
    }

    [Fact]
    public void MiReadout_NamesAMovementThatHadNoTrainingTrials()
    {
        using var temp = new TempDirectory();
        var model = new LatentResponseModel(latentDimension: 16, channels: 8, samples: 32, seed: 3);
        var catalog = Actions(model, 60, seed: 4);
        LatentCatalogFile.Write(catalog, temp.File("actions.bcilat"));
        var names = catalog.Items.Select(i => i.Name).ToArray();
        var split = ZeroShotSplit.Explicit(names, ["grasp"]);
        var random = new Random(5);
        var features = new EpochFeatures(8, 32);
        const double snr = 1.0;
        var trials = names.SelectMany(n => Enumerable.Range(0, 6).Select(_ => (Item: n, Data: model.Trial(catalog.Vector(n), snr, random)))).ToList();
        var train = split.TrainingTrials(trials, t => t.Item);
        Assert.DoesNotContain(train, t => t.Item == "grasp");
        var mapping = LinearMapping.FitRidge(train.Select(t => features.Extract(t.Data)).ToList(), train.Select(t => catalog.Vector(t.Item).ToArray()).ToList(), 1, "test/actions");

        var outputs = Enumerable.Range(0, 40).Select(i => new DecodedOutput("align.map", i * 0.05, [], [])
        {
            Embedding = mapping.Map(features.Extract(model.Trial(catalog.Vector("grasp"), snr, random))).ToImmutableArray(),
        }).ToArray();
        var stage = new MotorImageryReadoutStage { Catalog = "actions.bcilat", Classes = ["left-hand", "right-hand", "feet", "grasp"], Temperature = 0.1 };
        var readouts = stage.Apply(outputs.ToObservable(), Context(temp.Root)).ToList().Wait();

        Assert.Equal(40, readouts.Count);
        var correct = readouts.Count(r => r.PredictedClass == "grasp");
        Assert.True(correct >= 24, $"zero-shot 'grasp' named in {correct}/40 readouts (chance 10/40)");
        Assert.All(readouts, r => Assert.Equal(1.0, r.Probabilities.Sum(), 9));
    }

    [Fact]
    public void MiReadout_EmitsOnePerWindowAt20HzAndSmoothsControlWithItsTimeConstant()
    {
        using var temp = new TempDirectory();
        var catalog = new LatentCatalog("axes", "", 2, [new LatentItem("left", LatentSourceKind.Action, "left"), new LatentItem("right", LatentSourceKind.Action, "right")],
            [-1f, 0f, 1f, 0f]);
        LatentCatalogFile.Write(catalog, temp.File("axes.bcilat"));
        // Embedding jumps from pure "left" to pure "right" at t = 1 s; the raw projection jumps from -1 to +1.
        var inputs = Enumerable.Range(0, 60).Select(i => new DecodedOutput("d", i * 0.05, [], []) { Embedding = i < 20 ? [-1f, 0f] : [1f, 0f] }).ToArray();
        var readouts = new MotorImageryReadoutStage { Catalog = "axes.bcilat", Smoothing = 0.5 }.Apply(inputs.ToObservable(), Context(temp.Root)).ToList().Wait();

        Assert.Equal(60, readouts.Count);
        Assert.All(readouts.Zip(readouts.Skip(1)), p => Assert.Equal(0.05, p.Second.Timestamp - p.First.Timestamp, 9));
        Assert.Equal(-1, readouts[19].Control!.Value, 9);
        // After one time constant (0.5 s = 10 windows past the step) the smoothed value has covered 1 - 1/e of the jump.
        Assert.Equal(-1 + 2 * (1 - Math.Exp(-1)), readouts[29].Control!.Value, 6);
        Assert.Equal("right", readouts[59].PredictedClass);
    }

    [Fact]
    public void TemperatureFit_RecoversTheTemperatureThatGeneratedTheLabels()
    {
        var random = new Random(8);
        const double trueT = 0.2;
        var similarities = new List<double[]>();
        var labels = new List<int>();
        for (var i = 0; i < 4000; i++)
        {
            var s = Enumerable.Range(0, 4).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var p = TemperatureCalibration.Softmax(s, trueT);
            var u = random.NextDouble();
            var label = 0;
            for (var acc = p[0]; acc < u && label < 3; acc += p[++label]) { }
            similarities.Add(s);
            labels.Add(label);
        }
        Assert.Equal(trueT, TemperatureCalibration.Fit(similarities, labels), 1);
    }

    [Fact]
    public void ZeroShotSplit_NeverLeaksHeldOutItemsIntoTraining()
    {
        var items = Enumerable.Range(0, 300).Select(i => $"i{i}").ToArray();
        var split = ZeroShotSplit.HoldOut(items, 200 / 2, seed: 1);
        Assert.Empty(split.TrainItems.Intersect(split.TestItems));
        Assert.Equal(300, split.TrainItems.Count + split.TestItems.Count);
        var trials = items.SelectMany(i => new[] { i, i, i }).ToList();
        var train = split.TrainingTrials(trials, t => t);
        var test = split.TestTrials(trials, t => t);
        Assert.DoesNotContain(train, split.TestItems.Contains);
        Assert.DoesNotContain(test, split.TrainItems.Contains);
        Assert.Equal(trials.Count, train.Count + test.Count);
        Assert.Throws<InvalidOperationException>(() => split.TrainingTrials(["unknown"], t => t));
    }

    [Fact]
    public void SyntheticBenchmark_LearnedStaysBelowCeilingAndImprovesWithSnr()
    {
        var benchmark = new SyntheticRetrievalBenchmark { Items = 400, Ways = 50, TrainTrialsPerItem = 3, LatentDimension = 16, Channels = 8, Samples = 24 };
        var low = benchmark.Run(-30);
        var high = benchmark.Run(-15);
        Assert.True(high.Learned.Top1 > low.Learned.Top1, $"top-1 {low.Learned.Top1} at -30 dB, {high.Learned.Top1} at -15 dB");
        Assert.True(high.Learned.Top1 > 5 * high.Learned.ChanceTop1);
        Assert.True(high.Ceiling.Top5 >= high.Learned.Top5 - 0.1, $"ceiling {high.Ceiling.Top5} vs learned {high.Learned.Top5}");
    }

    [Fact]
    public void ProcrustesMapping_RecoversARotation()
    {
        var random = new Random(2);
        const int d = 6;
        var q = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Random(d, d, new MathNet.Numerics.Distributions.Normal(0, 1, random)).QR().Q;
        var x = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, d).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToList();
        var y = x.Select(v => (q.Transpose() * MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfEnumerable(v.Select(f => (double)f))).Select(f => (float)f).ToArray()).ToList();
        var mapping = LinearMapping.FitProcrustes(x, y, "rot");
        using var temp = new TempDirectory();
        mapping.Save(temp.File("m.safetensors"));
        var loaded = LinearMapping.Load(temp.File("m.safetensors"));
        Assert.Equal(MappingKind.Procrustes, loaded.Kind);
        // Features are standardised before the rotation, so the fit is a rotation of slightly rescaled axes: near, not exact.
        foreach (var i in new[] { 3, 17, 150 })
        {
            var cosine = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(loaded.Map(x[i]), y[i]);
            Assert.True(cosine > 0.99, $"sample {i}: cosine {cosine}");
        }
    }
}
