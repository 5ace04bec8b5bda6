using System.Globalization;
using System.Text;
using Bci.Core.Options;
using Bci.Core.Stages;
using Bci.Pipelines.Files;
using YamlDotNet.RepresentationModel;

namespace Bci.Pipelines.Registry;

/// <summary>
/// Creates a stage instance and sets its options from the `with:` block, checking names, types and units; every
/// problem is reported with its line and column, and with the unit or choices that were expected.
/// </summary>
public static class OptionBinder
{
    public static object? Bind(StageDescriptor stage, NodeSpec node, List<PipelineProblem> problems)
    {
        object instance;
        try
        {
            instance = Activator.CreateInstance(stage.Type)!;
        }
        catch (Exception e)
        {
            problems.Add(new PipelineProblem(node.UsesLocation, $"stage '{node.Id}' ({stage.Name}) could not be created: {(e.InnerException ?? e).Message}"));
            return null;
        }

        var before = problems.Count;
        var byName = stage.Options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in node.Options)
        {
            if (!byName.TryGetValue(value.Name, out var option))
            {
                var known = stage.Options.Count == 0 ? "it takes no options" : $"its options are: {string.Join(", ", stage.Options.Select(o => o.Name))}";
                problems.Add(new PipelineProblem(value.Location,
                    $"'{node.Id}' ({stage.Name}) has no option '{value.Name}'{Text.DidYouMean(stage.Options.Select(o => o.Name).Where(n => Text.EditDistance(n, value.Name) <= 2))}; {known}"));
                continue;
            }
            if (!given.Add(value.Name))
            {
                problems.Add(new PipelineProblem(value.Location, $"option '{value.Name}' of '{node.Id}' is given twice"));
                continue;
            }
            if (TryConvert(value.Node, option.Type, option.Unit, out var converted, out var error))
            {
                try
                {
                    option.Property.SetValue(instance, converted);
                }
                catch (Exception e)
                {
                    problems.Add(new PipelineProblem(value.ValueLocation, $"option '{value.Name}' of '{node.Id}': {(e.InnerException ?? e).Message}"));
                }
            }
            else
                problems.Add(new PipelineProblem(value.ValueLocation, $"option '{value.Name}' of '{node.Id}' ({stage.Name}) expects {option.TypeText}: {error}"));
        }

        foreach (var missing in stage.Options.Where(o => o.Required && !given.Contains(o.Name)))
            problems.Add(new PipelineProblem(node.OptionsLocation, $"'{node.Id}' ({stage.Name}) needs option '{missing.Name}' ({missing.TypeText}): {missing.Description}"));

        if (problems.Count == before && instance is IValidatingStage validating)
        {
            try
            {
                foreach (var problem in validating.Validate())
                    problems.Add(new PipelineProblem(node.OptionsLocation, $"'{node.Id}' ({stage.Name}): {problem}"));
            }
            catch (Exception e)
            {
                problems.Add(new PipelineProblem(node.OptionsLocation, $"'{node.Id}' ({stage.Name}): checking its options failed: {e.Message}"));
            }
        }
        return instance;
    }

    public static bool IsSupported(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(double) || t == typeof(float) || t == typeof(int) || t == typeof(long) || t == typeof(bool) || t == typeof(string) || t.IsEnum)
            return true;
        var element = ListElementType(t);
        return element is not null && ListElementType(element) is null && IsSupported(element);
    }

    /// <summary>The element type of the list shapes options may have (T[], List&lt;T&gt;, IReadOnlyList&lt;T&gt;, ...), or null.</summary>
    public static Type? ListElementType(Type type)
    {
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        if (!type.IsGenericType) return null;
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>)
               || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>)
            ? type.GenericTypeArguments[0]
            : null;
    }

    public static bool TryConvert(YamlNode node, Type type, string? unit, out object? value, out string error)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        var element = ListElementType(target);
        if (element is not null)
        {
            var items = node switch
            {
                YamlSequenceNode sequence => sequence.Children.ToList(),
                YamlScalarNode scalar when !string.IsNullOrWhiteSpace(scalar.Value) => [scalar],
                YamlScalarNode => [],
                _ => null,
            };
            value = null;
            if (items is null)
            {
                error = "a list was expected, e.g. [a, b]";
                return false;
            }
            var array = Array.CreateInstance(element, items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                if (!TryConvert(items[i], element, unit, out var item, out var itemError))
                {
                    error = $"item {i + 1}: {itemError}";
                    return false;
                }
                array.SetValue(item, i);
            }
            value = target.IsArray ? array : Activator.CreateInstance(typeof(List<>).MakeGenericType(element), array);
            error = "";
            return true;
        }

        value = null;
        if (node is not YamlScalarNode { Value: var text } || text is null)
        {
            error = "a single value was expected, not a list or a mapping";
            return false;
        }

        if (target == typeof(string))
        {
            value = text;
            error = "";
            return true;
        }
        if (target == typeof(bool))
        {
            switch (text.Trim().ToLowerInvariant())
            {
                case "true" or "yes" or "on": value = true; error = ""; return true;
                case "false" or "no" or "off": value = false; error = ""; return true;
                default: error = $"'{text}' is not true or false"; return false;
            }
        }
        if (target.IsEnum)
        {
            foreach (var name in Enum.GetNames(target))
            {
                if (string.Equals(KebabCase(name), text.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    value = Enum.Parse(target, name);
                    error = "";
                    return true;
                }
            }
            error = $"'{text}' is not one of: {string.Join(", ", Enum.GetNames(target).Select(KebabCase))}";
            return false;
        }
        if (!Units.TryParse(text, string.IsNullOrEmpty(unit) ? null : unit, out var number, out error))
            return false;
        if (target == typeof(double)) { value = number; return true; }
        if (target == typeof(float)) { value = (float)number; return true; }
        if (target == typeof(int) || target == typeof(long))
        {
            var rounded = Math.Round(number);
            if (Math.Abs(rounded - number) > 1e-9 * Math.Max(1, Math.Abs(number)))
            {
                error = $"'{text}' is not a whole number";
                return false;
            }
            if (target == typeof(int) && (rounded < int.MinValue || rounded > int.MaxValue))
            {
                error = $"'{text}' is out of range";
                return false;
            }
            value = target == typeof(int) ? (object)(int)rounded : (long)rounded;
            return true;
        }
        error = $"type {target.Name} is not supported";
        return false;
    }

    /// <summary>"LatestWins" -> "latest-wins": how enum values are written in pipeline files.</summary>
    public static string KebabCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) builder.Append('-');
            builder.Append(char.ToLower(c, CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
