using Bci.Hardware.Profiles;

namespace Bci.Hardware.Tests;

public sealed class ProfileTests
{
    public static TheoryData<string, int, double, string> Expected => new()
    {
        { "openbci-cyton-8", 8, 250, "EEG" },
        { "openbci-cyton-daisy-16", 16, 125, "EEG" },
        { "muse-2-s", 5, 256, "EEG" },
        { "gtec-gusbamp-16", 16, 256, "EEG" },
        { "biosemi-activetwo-64", 64, 2048, "EEG" },
        { "brainproducts-actichamp-32", 32, 500, "EEG" },
        { "eegmmidb-bci2000-64", 64, 160, "EEG" },
        { "megin-neuromag-306", 306, 1000, "MEG" },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void EachProfile_LoadsAndValidates_WithItsChannelCountRateAndModality(string id, int channels, double rate, string modality)
    {
        Assert.Empty(DeviceProfileReader.Validate(HardwareTestKit.ProfilePath(id)));
        var profile = HardwareTestKit.Profile(id);
        Assert.Equal(id, profile.Id);
        Assert.Equal(channels, profile.ChannelCount);
        Assert.Equal(rate, profile.NominalRate);
        Assert.Equal(modality, profile.Modality);
        Assert.NotNull(profile.Anchors);
        Assert.NotEmpty(profile.Positions.Source);
        var description = profile.ToStreamDescription();
        Assert.Equal(channels, description.ChannelCount);
        Assert.Equal(profile.Lsl.Type, description.Type);
    }

    [Fact]
    public void EveryJsonFileOfTheHardwareFolder_IsAValidProfile()
    {
        var files = ProfileDirectory.All(HardwareTestKit.HardwareFolder);
        Assert.Equal(Expected.Count, files.Count);
        foreach (var file in files) Assert.Empty(DeviceProfileReader.Validate(file));
    }

    [Theory]
    [InlineData("openbci-cyton-8")]
    [InlineData("biosemi-activetwo-64")]
    [InlineData("eegmmidb-bci2000-64")]
    [InlineData("brainproducts-actichamp-32")]
    public void HeadPositions_AreAnatomicallyPlaced_LeftIsNegativeX_FrontIsPositiveY_PairsMirror(string id)
    {
        var profile = HardwareTestKit.Profile(id);
        double[] P(string label) => profile.Channels[profile.IndexOf(label)].Position!.ToArray();
        if (profile.IndexOf("C3") >= 0)
        {
            Assert.True(P("C3")[0] < -0.04, "C3 lies on the left");
            Assert.True(P("C4")[0] > 0.04, "C4 lies on the right");
            Assert.InRange(P("C3")[0] + P("C4")[0], -0.01, 0.01);   // mirror images within 1 cm
            Assert.InRange(P("C3")[1] - P("C4")[1], -0.01, 0.01);
        }
        Assert.True(P("Fp1")[1] > 0.06, "Fp1 is frontal");
        Assert.True(P("O1")[1] < -0.08, "O1 is occipital");
        foreach (var channel in profile.Channels.Where(c => c.IsNeural))
        {
            var radius = Math.Sqrt(channel.Position!.Sum(x => x * x));
            Assert.InRange(radius, 0.06, 0.13); // on a head, in metres
        }
    }

    [Fact]
    public void BioSemi_KeepsTheCapsElectrodeNames_AsOriginalLabels()
    {
        var profile = HardwareTestKit.Profile("biosemi-activetwo-64");
        Assert.Equal("Fp1", profile.Channels[0].Label);
        Assert.Equal("A1", profile.Channels[0].OriginalLabel);
        Assert.Equal(profile.IndexOf("Fp1"), profile.IndexOf("A1"));
        Assert.Equal("B32", profile.Channels[63].OriginalLabel);
    }

    [Fact]
    public void Neuromag_Has102MagnetometersAnd204Gradiometers_InSiUnits()
    {
        var profile = HardwareTestKit.Profile("megin-neuromag-306");
        Assert.Equal(102, profile.Channels.Count(c => c.Type == "MAG"));
        Assert.Equal(204, profile.Channels.Count(c => c.Type == "GRAD"));
        var description = profile.ToStreamDescription();
        Assert.All(description.Channels.Where(c => c.Type == "MAG"), c => Assert.Equal("T", c.Unit));
        Assert.All(description.Channels.Where(c => c.Type == "GRAD"), c => Assert.Equal("T/m", c.Unit));
    }

    [Fact]
    public void LslNamePatterns_MatchSerialSuffixes()
    {
        var profile = HardwareTestKit.Profile("brainproducts-actichamp-32");
        Assert.True(profile.Lsl.MatchesName("actiCHamp-17010768"));
        Assert.False(profile.Lsl.MatchesName("BioSemi"));
        Assert.Equal("actiCHamp-sim", profile.Lsl.ConcreteName());
    }

    private static string Edit(string id, Func<string, string> change) => change(File.ReadAllText(HardwareTestKit.ProfilePath(id)));

    [Fact]
    public void Validator_ReportsASchemaViolation_WithItsJsonLocation()
    {
        var json = Edit("openbci-cyton-8", t => t.Replace("\"label\": \"C3\", \"type\": \"EEG\"", "\"label\": \"C3\", \"type\": \"BRAIN\""));
        var (profile, problems) = DeviceProfileReader.Parse(json, "cyton.json");
        Assert.Null(profile);
        Assert.Contains(problems, p => p.Location == "/channels/2/type" && p.File == "cyton.json");
    }

    [Fact]
    public void Validator_ReportsDuplicateLabels_WrongRate_MillimetrePositions_AndWrongId()
    {
        var json = Edit("openbci-cyton-8", t => t
            .Replace("\"label\": \"C4\"", "\"label\": \"c3\"")
            .Replace("\"nominal\": 250", "\"nominal\": 300")
            .Replace("[-0.06702, -0.02187, 0.07119]}", "[-67.02, -21.87, 71.19]}"));
        var (_, problems) = DeviceProfileReader.Parse(json, "cyton.json", expectedId: "cyton");
        var text = string.Join("\n", problems);
        Assert.Contains("/channels/3/label: label 'c3' is also used by channel 2 ('C3')", text);
        Assert.Contains("/rate/nominal: nominal rate 300 Hz is not among the supported rates", text);
        Assert.Contains("millimetres by mistake?", text);
        Assert.Contains("/id: id 'openbci-cyton-8' differs from the file name 'cyton.json'", text);
    }

    [Fact]
    public void Validator_ReportsBrokenJson_WithLine()
    {
        var (_, problems) = DeviceProfileReader.Parse("{\n  \"id\": \"x\",\n  oops\n}", "broken.json");
        var problem = Assert.Single(problems);
        Assert.StartsWith("line 3", problem.Location);
    }

    [Fact]
    public void Resolve_ByIdOrPath_AndUnknownIdsNameTheKnownOnes()
    {
        Assert.Equal(HardwareTestKit.ProfilePath("muse-2-s"), ProfileDirectory.Resolve("muse-2-s", HardwareTestKit.HardwareFolder));
        Assert.Equal(HardwareTestKit.ProfilePath("muse-2-s"), ProfileDirectory.Resolve("hardware/muse-2-s.json", Bci.TestSupport.TestData.RepositoryRoot));
        var error = Assert.Throws<FileNotFoundException>(() => ProfileDirectory.Resolve("muse-3", HardwareTestKit.HardwareFolder));
        Assert.Contains("openbci-cyton-8", error.Message);
    }
}
