using System.Text.Json;
using Bci.Decoding.Objectives;
using static TorchSharp.torch;

namespace Bci.Decoding.Tests;

/// <summary>The losses against golden values computed directly with NumPy by golden/make_golden.py.</summary>
public sealed class ObjectiveTests
{
    private static JsonElement Golden()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "golden", "contrastive_losses.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    private static Tensor Matrix(JsonElement rows)
    {
        var data = rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        return tensor(data.SelectMany(r => r).ToArray(), [data.Length, data[0].Length]);
    }

    public static TheoryData<string> InfoNceCases() => new(Golden().GetProperty("info_nce").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    public static TheoryData<string> SupConCases() => new(Golden().GetProperty("supervised_contrastive").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(InfoNceCases))]
    public void SymmetricInfoNce_EqualsTheDirectComputation(string name)
    {
        using var scope = NewDisposeScope();
        var c = Golden().GetProperty("info_nce").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        var ids = c.GetProperty("ids").ValueKind == JsonValueKind.Null ? null : tensor(c.GetProperty("ids").EnumerateArray().Select(v => v.GetInt64()).ToArray());

        var loss = ContrastiveLosses.SymmetricInfoNce(Matrix(c.GetProperty("embeddings")), Matrix(c.GetProperty("targets")),
            tensor(c.GetProperty("log_scale").GetDouble()), ids);

        Assert.Equal(c.GetProperty("info_nce").GetDouble(), loss.item<double>(), 9);
    }

    [Theory]
    [MemberData(nameof(SupConCases))]
    public void SupervisedContrastive_EqualsTheDirectComputation(string name)
    {
        using var scope = NewDisposeScope();
        var c = Golden().GetProperty("supervised_contrastive").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);

        var loss = ContrastiveLosses.SupervisedContrastive(Matrix(c.GetProperty("embeddings")),
            tensor(c.GetProperty("labels").EnumerateArray().Select(v => v.GetInt64()).ToArray()), c.GetProperty("temperature").GetDouble());

        Assert.Equal(c.GetProperty("loss").GetDouble(), loss.item<double>(), 9);
    }

    [Fact]
    public void SymmetricInfoNce_WithDistinctIds_IsClipsLoss()
    {
        using var scope = NewDisposeScope();
        manual_seed(9);
        var z = randn(6, 4, dtype: ScalarType.Float64);
        var t = randn(6, 4, dtype: ScalarType.Float64);
        var s = tensor(2.0);

        var plain = ContrastiveLosses.SymmetricInfoNce(z, t, s);
        var withIds = ContrastiveLosses.SymmetricInfoNce(z, t, s, arange(6, dtype: ScalarType.Int64));

        Assert.Equal(plain.item<double>(), withIds.item<double>(), 12);
    }

    [Fact]
    public void SymmetricInfoNce_IsLowWhenEmbeddingsMatchTheirTargets()
    {
        using var scope = NewDisposeScope();
        var t = eye(4, dtype: ScalarType.Float64);

        var matched = ContrastiveLosses.SymmetricInfoNce(t, t, tensor(Math.Log(1 / 0.07))).item<double>();
        var shuffled = ContrastiveLosses.SymmetricInfoNce(t.roll(1, 0), t, tensor(Math.Log(1 / 0.07))).item<double>();

        // closed form for the identity: each row is softmax over (1/0.07, 0, 0, 0): -log(e^s / (e^s + 3))
        var s = 1 / 0.07;
        Assert.Equal(-Math.Log(Math.Exp(s) / (Math.Exp(s) + 3)), matched, 9);
        Assert.True(shuffled > 10, $"mismatched pairs cost {shuffled}");
    }

    [Fact]
    public void Objective_LearnsItsTemperature()
    {
        using var scope = NewDisposeScope();
        using var objective = new ContrastiveObjective(new ObjectiveWeights { SupervisedContrastive = 0, CrossEntropy = 0, InitialTemperature = 0.5 }, 2, 3, 7);
        var z = tensor(new float[] { 1, 0, 0, 0, 1, 0 }, [2, 3]).requires_grad_();
        var view = new Model.EncoderOutput(z, null, z);

        var (loss, _) = objective.Compute([view], tensor(new long[] { 0, 1 }));
        loss.backward();

        var logScale = objective.parameters().Single();
        Assert.NotNull(logScale.grad);
        Assert.NotEqual(0f, logScale.grad!.item<float>());
        Assert.Equal(0.5, objective.Temperature, 5);
    }

    [Fact]
    public void Prototypes_AreUnitVectorsFixedByTheSeed()
    {
        using var scope = NewDisposeScope();
        var a = ContrastiveObjective.MakePrototypes(3, 8, 11);
        var b = ContrastiveObjective.MakePrototypes(3, 8, 11);
        var c = ContrastiveObjective.MakePrototypes(3, 8, 12);

        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.eq(c).all().item<bool>());
        Assert.All(a.norm(1).data<float>().ToArray(), n => Assert.Equal(1f, n, 5));
    }
}
