using System.Globalization;
using System.Net;

namespace Bci.Lsl.Config;

/// <summary>
/// The settings liblsl reads from lsl_api.cfg, with liblsl's defaults, file locations and key names
/// (case-sensitive, <c>section.Key</c>). Only the keys the managed implementation acts on are kept; others are
/// accepted and ignored so that one file serves both liblsl and us.
/// </summary>
public sealed record LslConfig
{
    public int MulticastPort { get; init; } = 16571;
    public int BasePort { get; init; } = 16572;
    public int PortRange { get; init; } = 32;
    public bool AllowRandomPorts { get; init; } = true;
    public ResolveScope Scope { get; init; } = ResolveScope.Site;
    public string ListenAddress { get; init; } = "";
    public IReadOnlyList<string> MachineAddresses { get; init; } = ["127.0.0.1"];
    public IReadOnlyList<string> LinkAddresses { get; init; } = ["255.255.255.255", "224.0.0.1", "224.0.0.183"];
    public IReadOnlyList<string> SiteAddresses { get; init; } = ["239.255.172.215"];
    public IReadOnlyList<string> OrganizationAddresses { get; init; } = [];
    public IReadOnlyList<string> GlobalAddresses { get; init; } = [];
    public IReadOnlyList<string> AddressesOverride { get; init; } = [];
    public IReadOnlyList<string> KnownPeers { get; init; } = [];
    public string SessionId { get; init; } = "default";
    public int UseProtocolVersion { get; init; } = 110;
    public double MulticastMinRtt { get; init; } = 0.5;
    public double UnicastMinRtt { get; init; } = 0.75;
    public double TimeUpdateInterval { get; init; } = 2.0;
    public int TimeProbeCount { get; init; } = 8;
    public int TimeUpdateMinProbes { get; init; } = 6;
    public double TimeProbeInterval { get; init; } = 0.064;
    public double TimeProbeMaxRtt { get; init; } = 0.128;
    public double SmoothingHalftime { get; init; } = 90;

    /// <summary>Where the settings came from (a file path, "defaults" or "text").</summary>
    public string Origin { get; init; } = "defaults";

    public static LslConfig Defaults { get; } = new();

    /// <summary>A configuration for tests and loopback-only machines: machine scope, KnownPeers = 127.0.0.1.</summary>
    public static LslConfig Loopback { get; } = new() { Scope = ResolveScope.Machine, KnownPeers = ["127.0.0.1"], Origin = "loopback" };

    /// <summary>Discovery targets (address, port 'MulticastPort') of the configured scope, IPv4 only.</summary>
    public IReadOnlyList<IPAddress> ScopeAddresses()
    {
        IEnumerable<string> list = AddressesOverride.Count > 0
            ? AddressesOverride
            : Scope switch
            {
                ResolveScope.Machine => MachineAddresses,
                ResolveScope.Link => MachineAddresses.Concat(LinkAddresses),
                ResolveScope.Site => MachineAddresses.Concat(LinkAddresses).Concat(SiteAddresses),
                ResolveScope.Organization => MachineAddresses.Concat(LinkAddresses).Concat(SiteAddresses).Concat(OrganizationAddresses),
                _ => MachineAddresses.Concat(LinkAddresses).Concat(SiteAddresses).Concat(OrganizationAddresses).Concat(GlobalAddresses),
            };
        return list.Select(a => IPAddress.TryParse(a, out var ip) ? ip : null)
            .Where(ip => ip is not null && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            .Select(ip => ip!).Distinct().ToList();
    }

    /// <summary>
    /// Loads the configuration the way liblsl does: the file named by LSLAPICFG, then ./lsl_api.cfg,
    /// ~/lsl_api/lsl_api.cfg, /etc/lsl_api/lsl_api.cfg; the first readable file that parses wins, else defaults.
    /// </summary>
    public static LslConfig Load()
    {
        foreach (var path in CandidateFiles())
        {
            if (!File.Exists(path)) continue;
            try
            {
                return Parse(File.ReadAllText(path)) with { Origin = path };
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"lsl: ignoring config file {path}: {e.Message}");
            }
        }
        return Defaults;
    }

    private static IEnumerable<string> CandidateFiles()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("LSLAPICFG");
        if (!string.IsNullOrEmpty(fromEnvironment)) yield return fromEnvironment;
        yield return Path.Combine(Environment.CurrentDirectory, "lsl_api.cfg");
        var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetEnvironmentVariable("USERPROFILE");
        if (!string.IsNullOrEmpty(home)) yield return Path.Combine(home, "lsl_api", "lsl_api.cfg");
        yield return "/etc/lsl_api/lsl_api.cfg";
    }

    /// <summary>
    /// Parses lsl_api.cfg text with liblsl 1.14+'s rules: ';' comments, [section], key = value, lists in braces,
    /// booleans true only for "1". A line that is not a key-value pair rejects the file, as liblsl does.
    /// </summary>
    public static LslConfig Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var section = "";
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == ';' || line.Trim().Length == 0) continue;
            var trimmed = line.Trim();
            if (trimmed.StartsWith('['))
            {
                var close = trimmed.IndexOf(']');
                if (close < 0) throw new FormatException($"line {lineNumber}: section header without ']'");
                section = trimmed[1..close].Trim();
                continue;
            }
            var eq = trimmed.IndexOf('=');
            if (eq < 0) throw new FormatException($"line {lineNumber}: no key-value pair in '{trimmed}'");
            var key = trimmed[..eq].Trim();
            var value = trimmed[(eq + 1)..].Trim();
            if (value.Length == 0) throw new FormatException($"line {lineNumber}: key '{key}' has an empty value");
            var full = section.Length > 0 ? section + "." + key : key;
            if (!values.TryAdd(full, value)) throw new FormatException($"line {lineNumber}: duplicate key '{full}'");
        }

        var config = new LslConfig();
        string? Get(string key) => values.TryGetValue(key, out var v) ? v : null;
        int Int(string key, int fallback) => Get(key) is { } v && int.TryParse(LeadingNumber(v), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : fallback;
        double Dbl(string key, double fallback) => Get(key) is { } v && double.TryParse(LeadingNumber(v), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : fallback;
        IReadOnlyList<string> List(string key, IReadOnlyList<string> fallback) => Get(key) is { } v ? ParseList(v) : fallback;

        var scope = Get("multicast.ResolveScope") switch
        {
            null => ResolveScope.Site,
            "machine" => ResolveScope.Machine,
            "link" => ResolveScope.Link,
            "site" => ResolveScope.Site,
            "organization" => ResolveScope.Organization,
            "global" => ResolveScope.Global,
            var other => throw new FormatException($"multicast.ResolveScope: '{other}' is not machine, link, site, organization or global"),
        };
        return config with
        {
            MulticastPort = Int("ports.MulticastPort", config.MulticastPort),
            BasePort = Int("ports.BasePort", config.BasePort),
            PortRange = Int("ports.PortRange", config.PortRange),
            AllowRandomPorts = Get("ports.AllowRandomPorts") is { } r ? r == "1" : config.AllowRandomPorts,
            Scope = scope,
            ListenAddress = Get("multicast.ListenAddress") ?? "",
            MachineAddresses = List("multicast.MachineAddresses", config.MachineAddresses),
            LinkAddresses = List("multicast.LinkAddresses", config.LinkAddresses),
            SiteAddresses = List("multicast.SiteAddresses", config.SiteAddresses),
            OrganizationAddresses = List("multicast.OrganizationAddresses", config.OrganizationAddresses),
            GlobalAddresses = List("multicast.GlobalAddresses", config.GlobalAddresses),
            AddressesOverride = List("multicast.AddressesOverride", config.AddressesOverride),
            KnownPeers = List("lab.KnownPeers", config.KnownPeers),
            SessionId = Get("lab.SessionID") ?? config.SessionId,
            UseProtocolVersion = Math.Min(110, Int("tuning.UseProtocolVersion", config.UseProtocolVersion)),
            MulticastMinRtt = Dbl("tuning.MulticastMinRTT", config.MulticastMinRtt),
            UnicastMinRtt = Dbl("tuning.UnicastMinRTT", config.UnicastMinRtt),
            TimeUpdateInterval = Dbl("tuning.TimeUpdateInterval", config.TimeUpdateInterval),
            TimeProbeCount = Int("tuning.TimeProbeCount", config.TimeProbeCount),
            TimeUpdateMinProbes = Int("tuning.TimeUpdateMinProbes", config.TimeUpdateMinProbes),
            TimeProbeInterval = Dbl("tuning.TimeProbeInterval", config.TimeProbeInterval),
            TimeProbeMaxRtt = Dbl("tuning.TimeProbeMaxRTT", config.TimeProbeMaxRtt),
            SmoothingHalftime = Dbl("tuning.SmoothingHalftime", config.SmoothingHalftime),
            Origin = "text",
        };
    }

    /// <summary>The file text liblsl and we both read for this configuration (used to hand a peer the same settings).</summary>
    public string ToFileText()
    {
        static string L(IEnumerable<string> items) => "{" + string.Join(", ", items) + "}";
        var scope = Scope.ToString().ToLowerInvariant();
        var text = $"""
            ; LSL configuration (lsl_api.cfg syntax)
            [ports]
            MulticastPort = {MulticastPort}
            BasePort = {BasePort}
            PortRange = {PortRange}
            IPv6 = disable
            [multicast]
            ResolveScope = {scope}

            """;
        if (ListenAddress.Length > 0) text += $"ListenAddress = {ListenAddress}\n";
        text += $"[lab]\nSessionID = {SessionId}\n";
        if (KnownPeers.Count > 0) text += $"KnownPeers = {L(KnownPeers)}\n";
        return text;
    }

    // liblsl reads lists only in braces: a bare value gives an empty list.
    private static IReadOnlyList<string> ParseList(string value)
    {
        var v = value.Trim();
        if (!v.StartsWith('{') || !v.EndsWith('}')) return [];
        return v[1..^1].Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
    }

    private static string LeadingNumber(string value)
    {
        var end = 0;
        while (end < value.Length && (char.IsDigit(value[end]) || value[end] is '-' or '+' or '.' or 'e' or 'E')) end++;
        return value[..end];
    }
}
