using Bci.Pipelines.Files;

namespace Bci.Pipelines.Tests;

public sealed class PipelineValidationTests
{
    private static IReadOnlyList<PipelineProblem> Problems(string yaml)
    {
        var error = Assert.Throws<PipelineValidationException>(() => PipelineTestKit.Load(yaml));
        return error.Problems;
    }

    private static PipelineProblem Single(string yaml, string containing)
    {
        var problems = Problems(yaml);
        var match = problems.Where(p => p.Message.Contains(containing, StringComparison.Ordinal)).ToList();
        Assert.True(match.Count == 1, $"expected one problem containing \"{containing}\", got:\n{string.Join("\n", problems)}");
        return match[0];
    }

    [Fact]
    public void BrokenExampleFile_ReportsEveryProblemWithItsLine()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "pipelines", "broken.yaml");
        var problems = PipelineLoader.Validate(path, PipelineTestKit.Registry());

        var lines = problems.Select(p => p.Location.Line).ToList();
        Assert.Equal([8, 9, 13, 15, 23], lines);
        Assert.Contains("'eight' is not a number", problems[0].Message);
        Assert.Contains("'s' is not a unit of Hz", problems[1].Message);
        Assert.Contains("unknown stage 'dsp.bandpas'", problems[2].Message);
        Assert.Contains("'synthetic' is a source, but 'decoder' is listed under stages", problems[3].Message);
        Assert.Contains("no option 'evry' (did you mean 'every'?)", problems[4].Message);
        Assert.All(problems, p => Assert.EndsWith("broken.yaml", p.Location.File));
    }

    [Fact]
    public void UnknownStage_SuggestsTheClosestName()
    {
        var problem = Single("""
            sources:
              - id: s
                uses: synthetc
            sinks:
              - uses: stats
            """, "unknown stage");
        Assert.Contains("did you mean 'synthetic'", problem.Message);
        Assert.Equal((3, 11), (problem.Location.Line, problem.Location.Column));
    }

    [Fact]
    public void MissingInput_IsReportedAtTheInputLine()
    {
        var problem = Single("""
            sources:
              - id: signal
                uses: synthetic
            sinks:
              - id: out
                uses: stats
                input: signl
            """, "is not the id of any source or stage");
        Assert.Contains("did you mean 'signal'", problem.Message);
        Assert.Equal(7, problem.Location.Line);
    }

    [Fact]
    public void Cycle_IsReported()
    {
        var problem = Single("""
            sources:
              - id: signal
                uses: synthetic
            stages:
              - id: a
                uses: test.join
                input: { data: b, markers: signal }
              - id: b
                uses: test.throw-at
                input: a
            sinks:
              - uses: stats
                input: b
            """, "cycle");
        Assert.Contains("a -> b", problem.Message);
    }

    [Fact]
    public void MistypedInput_NamesBothTypes()
    {
        var problem = Single("""
            sources:
              - id: signal
                uses: synthetic
            stages:
              - id: j
                uses: test.join
                input: { data: signal, markers: signal }
            sinks:
              - uses: stats
            """, "takes MarkerEvent on 'markers'");
        Assert.Contains("'signal' (synthetic) produces SampleChunk", problem.Message);
    }

    [Fact]
    public void MissingSideInput_SaysHowToWriteIt()
    {
        var problem = Single("""
            sources:
              - id: signal
                uses: synthetic
            stages:
              - id: j
                uses: test.join
            sinks:
              - uses: stats
            """, "needs its 'markers' input");
        Assert.Contains("input: { data: <id>, markers: <id> }", problem.Message);
    }

    [Fact]
    public void DuplicateIds_AndUnknownKeys_AreReported()
    {
        var problems = Problems("""
            sources:
              - id: signal
                uses: synthetic
                colour: blue
              - id: signal
                uses: synthetic
            sinks:
              - uses: stats
            """);
        Assert.Contains(problems, p => p.Message.Contains("unknown key 'colour'") && p.Location.Line == 4);
        Assert.Contains(problems, p => p.Message.Contains("id 'signal' is used twice (first at line 2)") && p.Location.Line == 5);
    }

    [Fact]
    public void InvalidYaml_IsReportedWithItsPosition()
    {
        var problem = Single("sources:\n  - id: [unclosed\n", "not valid YAML");
        Assert.True(problem.Location.Line >= 2);
    }

    [Fact]
    public void PipelineWithoutSourceOrSink_IsRejected()
    {
        var problems = Problems("name: empty\n");
        Assert.Contains(problems, p => p.Message.Contains("no source"));
        Assert.Contains(problems, p => p.Message.Contains("no sink"));
    }

    [Fact]
    public void OverloadPolicy_OnASource_OrMalformed_IsRejected()
    {
        var problems = Problems("""
            sources:
              - id: signal
                uses: synthetic
                overload: latest-wins(2)
            sinks:
              - uses: stats
                overload: unbounded
            """);
        Assert.Contains(problems, p => p.Message.Contains("is a source") && p.Location.Line == 4);
        Assert.Contains(problems, p => p.Message.Contains("not an overload policy") && p.Location.Line == 7);
    }

    [Fact]
    public void ValidPipeline_InTheRepository_Loads()
    {
        var repo = Bci.TestSupport.TestData.RepositoryRoot;
        foreach (var file in new[] { "hello.yaml" }) // demo.yaml uses area stages; the CLI tests validate and run it
            Assert.Empty(PipelineLoader.Validate(Path.Combine(repo, "pipelines", file), PipelineTestKit.Registry()));
    }
}
