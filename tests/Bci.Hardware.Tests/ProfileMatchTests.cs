using Bci.Core.Streams;
using Bci.Hardware.Profiles;

namespace Bci.Hardware.Tests;

public sealed class ProfileMatchTests
{
    [Fact]
    public void TheProfilesOwnStream_Matches()
    {
        var profile = HardwareTestKit.Profile("gtec-gusbamp-16");
        var match = ProfileMatch.Check(profile.ToStreamDescription(), profile);
        Assert.True(match.IsMatch);
        Assert.Empty(match.Warnings);
        Assert.Equal(Enumerable.Range(0, 16), match.ChannelMap);
    }

    [Fact]
    public void MissingChannels_AreNamed()
    {
        var profile = HardwareTestKit.Profile("gtec-gusbamp-16");
        var stream = profile.ToStreamDescription();
        stream = stream.WithChannels(stream.Channels.Where(c => c.Label is not ("C3" or "C4")));
        var match = ProfileMatch.Check(stream, profile);
        var error = Assert.Single(match.Errors);
        Assert.Equal("missing 2 of the profile's 16 channels: C3, C4", error);
        Assert.Contains("does not match device profile 'gtec-gusbamp-16'", match.Describe(stream, profile));
    }

    [Fact]
    public void AWrongRate_IsAnError_AndASupportedOneIsPointedOut()
    {
        var profile = HardwareTestKit.Profile("openbci-cyton-8");
        var match = ProfileMatch.Check(profile.ToStreamDescription(rate: 500), profile);
        Assert.Equal("rate is 500 Hz, expected 250 Hz; 500 Hz is a supported rate of the device, set rate: 500 Hz if it is intended", Assert.Single(match.Errors));
        Assert.True(ProfileMatch.Check(profile.ToStreamDescription(rate: 500), profile, expectedRate: 500).IsMatch);
    }

    [Fact]
    public void UnlabelledChannels_MatchByPosition_OnlyWithTheSameCount()
    {
        var profile = HardwareTestKit.Profile("openbci-cyton-8");
        var same = ProfileMatch.Check(StreamDescription.Unlabelled("obci_eeg1", "EEG", 8, 250), profile);
        Assert.True(same.IsMatch);
        Assert.Contains(same.Warnings, w => w.Contains("matched to the profile's labels by position"));
        var fewer = ProfileMatch.Check(StreamDescription.Unlabelled("obci_eeg1", "EEG", 6, 250), profile);
        Assert.Contains("6 channels are unlabelled", Assert.Single(fewer.Errors));
    }

    [Fact]
    public void EdfStyleLabels_AndExtraChannels_Match_WithAWarning()
    {
        var profile = HardwareTestKit.Profile("eegmmidb-bci2000-64");
        var labels = profile.Channels.Select(c => new ChannelInfo(c.OriginalLabel ?? c.Label)).Append(new ChannelInfo("STATUS", "MISC"));
        var match = ProfileMatch.Check(new StreamDescription("EEGMMIDB", "EEG", labels, 160), profile);
        Assert.True(match.IsMatch, string.Join("; ", match.Errors));
        Assert.Contains(match.Warnings, w => w.Contains("1 channel(s) not in the profile: STATUS"));
    }

    [Fact]
    public void GenericLabelDetection_DoesNotMistakeMegOrBioSemiNames()
    {
        Assert.True(LabelMatching.IsGeneric("ch1"));
        Assert.True(LabelMatching.IsGeneric("12"));
        Assert.True(LabelMatching.IsGeneric("Channel 3"));
        Assert.False(LabelMatching.IsGeneric("MEG 0113"));
        Assert.False(LabelMatching.IsGeneric("A1"));
        Assert.False(LabelMatching.IsGeneric("C3"));
    }
}
