using System.Xml.Linq;
using Bci.Core.Streams;
using Bci.Lsl.Config;
using Bci.Lsl.Info;

namespace Bci.Lsl.Tests;

public sealed class StreamInfoTests
{
    // Exactly what liblsl 1.17.7 sent in a discovery reply (lsl-protocol.md §2.1).
    private const string LiblslShortInfo = """
        <?xml version="1.0"?>
        <info>
        	<name>WireF32</name>
        	<type>EEG</type>
        	<channel_count>8</channel_count>
        	<channel_format>float32</channel_format>
        	<source_id>WireF32_src</source_id>
        	<nominal_srate>250.0000000000000</nominal_srate>
        	<version>1.100000000000000</version>
        	<created_at>898.8389054620000</created_at>
        	<uid>00e755b2-ab31-4f58-bc02-02c6031072e8</uid>
        	<session_id>default</session_id>
        	<hostname>vm</hostname>
        	<v4address></v4address>
        	<v4data_port>16572</v4data_port>
        	<v4service_port>16572</v4service_port>
        	<v6address></v6address>
        	<v6data_port>0</v6data_port>
        	<v6service_port>0</v6service_port>
        	<desc />
        </info>
        """;

    [Fact]
    public void Parse_ReadsLiblslDocument()
    {
        var info = LslStreamInfo.Parse(LiblslShortInfo);
        Assert.Equal("WireF32", info.Name);
        Assert.Equal(8, info.ChannelCount);
        Assert.Equal(ChannelFormat.Float32, info.Format);
        Assert.Equal(250, info.NominalRate);
        Assert.Equal(110, info.Version);
        Assert.Equal(898.838905462, info.CreatedAt);
        Assert.Equal(16572, info.V4DataPort);
        Assert.Equal("", info.V4Address);
    }

    [Fact]
    public void ShortXml_HasLiblslFieldOrderAndFormatting()
    {
        var info = LslStreamInfo.Parse(LiblslShortInfo);
        Assert.Equal(LiblslShortInfo.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n", info.ToShortXml());
    }

    [Fact]
    public void Desc_CarriesChannelLabelsUnitsAndTypes_BothWays()
    {
        var stream = new StreamDescription("amp", "EEG", [new ChannelInfo("C3", "EEG", "microvolts"), new ChannelInfo("C4", "EEG", "microvolts"), new ChannelInfo("Trig", "STIM", "")], 500, sourceId: "amp-1");
        var info = LslStreamInfo.FromDescription(stream);
        var parsed = LslStreamInfo.Parse(info.ToFullXml());
        Assert.Equal(["C3", "C4", "Trig"], parsed.Desc.Element("channels")!.Elements("channel").Select(c => c.Element("label")!.Value));
        var back = parsed.ToDescription();
        Assert.Equal(stream.Channels.ToArray(), back.Channels.ToArray());
        Assert.Equal("amp-1", back.SourceId);
        Assert.DoesNotContain("<channels>", info.ToShortXml());
    }

    [Theory]
    [InlineData("<info><name>x</name></info>", "channel_format")]
    [InlineData("<info><name>x</name><channel_format>float99</channel_format><channel_count>1</channel_count><nominal_srate>1</nominal_srate></info>", "float99")]
    [InlineData("<info><name>x</name><channel_format>int8</channel_format><channel_count>two</channel_count><nominal_srate>1</nominal_srate></info>", "channel_count")]
    [InlineData("<nope/>", "<info>")]
    [InlineData("<info><name>x</name", "well-formed")]
    public void Parse_BadDocument_NamesTheProblem(string xml, string expected)
    {
        var error = Assert.Throws<FormatException>(() => LslStreamInfo.Parse(xml));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("name='WireF32'", true)]
    [InlineData("type='EEG' and starts-with(name,'Wire')", true)]
    [InlineData("channel_count>5", true)]
    [InlineData("channel_count>8", false)]
    [InlineData("channel_count='8'", true)]
    [InlineData("type='TestStream' or contains(name,'F32')", true)]
    [InlineData("source_id='other'", false)]
    [InlineData("hostname='vm' and session_id='default'", true)]
    [InlineData("count(desc/channels/channel)=2", true)]
    [InlineData("desc/channels/channel[2]/label='C4'", true)]
    [InlineData("", true)]
    [InlineData("name=='broken", false)]
    public void Query_EvaluatesXPathLikeLiblsl(string query, bool expected)
    {
        var info = LslStreamInfo.Parse(LiblslShortInfo);
        info.Desc = XElement.Parse("<desc><channels><channel><label>C3</label></channel><channel><label>C4</label></channel></channels></desc>");
        Assert.Equal(expected, LslQuery.Matches(info, query));
    }

    [Fact]
    public void QueryLiteral_SurvivesApostrophes()
    {
        var info = new LslStreamInfo("Bob's \"amp\"", "EEG", 1, 1, ChannelFormat.Float32);
        Assert.True(LslQuery.Matches(info, LslQuery.Property("name", info.Name)));
    }

    [Fact]
    public void Config_ParsesLiblslFile_WithItsQuirks()
    {
        var config = LslConfig.Parse("""
            ; loopback-only LSL config
            [ports]
            IPv6 = disable
            BasePort = 17000
            [multicast]
            ResolveScope = machine
            ListenAddress = 127.0.0.1
            [lab]
            KnownPeers = {127.0.0.1, otherhost}
            SessionID = lab7
            [tuning]
            UseProtocolVersion = 100
            """);
        Assert.Equal(ResolveScope.Machine, config.Scope);
        Assert.Equal(["127.0.0.1", "otherhost"], config.KnownPeers);
        Assert.Equal(17000, config.BasePort);
        Assert.Equal("lab7", config.SessionId);
        Assert.Equal(100, config.UseProtocolVersion);
        Assert.Equal(["127.0.0.1"], config.ScopeAddresses().Select(a => a.ToString()));
        Assert.Empty(LslConfig.Parse("[lab]\nKnownPeers = 127.0.0.1\n").KnownPeers); // liblsl needs braces
        Assert.Throws<FormatException>(() => LslConfig.Parse("# hash comments reject the file in liblsl\n"));
        Assert.Equal(5, LslConfig.Defaults.ScopeAddresses().Count); // site scope: 127.0.0.1, three link addresses, one site group
    }
}
