using System.Globalization;
using System.Reflection;
using Bci.Core.Options;

namespace Bci.Pipelines.Registry;

/// <summary>An option of a stage: its name in pipeline files, the property it sets, type, unit and default.</summary>
public sealed record OptionDescriptor(string Name, PropertyInfo Property, string Description, string? Unit, bool Required, object? DefaultValue)
{
    public Type Type => Property.PropertyType;

    /// <summary>The type as a person reads it in `bci stages`: "number (Hz)", "list of text", "one of: a, b".</summary>
    public string TypeText => Describe(Type, Unit);

    public string DefaultText => DefaultValue switch
    {
        null => Required ? "(required)" : "(none)",
        string s => s.Length == 0 ? "\"\"" : s,
        bool b => b ? "true" : "false",
        double d => Units.Format(d, Unit),
        float f => Units.Format(f, Unit),
        int or long => Units.Format(Convert.ToDouble(DefaultValue, CultureInfo.InvariantCulture), Unit),
        Enum e => OptionBinder.KebabCase(e.ToString()),
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object>().Select(o => Convert.ToString(o, CultureInfo.InvariantCulture))) + "]",
        _ => Convert.ToString(DefaultValue, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Describe(Type type, string? unit)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var unitText = string.IsNullOrEmpty(unit) ? "" : $" ({unit})";
        if (underlying == typeof(double) || underlying == typeof(float)) return "number" + unitText;
        if (underlying == typeof(int) || underlying == typeof(long)) return "integer" + unitText;
        if (underlying == typeof(bool)) return "true/false";
        if (underlying == typeof(string)) return "text";
        if (underlying.IsEnum) return "one of: " + string.Join(", ", Enum.GetNames(underlying).Select(OptionBinder.KebabCase));
        var element = OptionBinder.ListElementType(underlying);
        if (element is not null) return "list of " + Describe(element, null).Replace("number", "numbers").Replace("text", "text") + unitText;
        return underlying.Name;
    }
}
