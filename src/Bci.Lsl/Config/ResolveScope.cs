namespace Bci.Lsl.Config;

/// <summary>How far resolve queries travel (lsl_api.cfg <c>[multicast] ResolveScope</c>); each scope includes the narrower ones.</summary>
public enum ResolveScope
{
    Machine,
    Link,
    Site,
    Organization,
    Global,
}
