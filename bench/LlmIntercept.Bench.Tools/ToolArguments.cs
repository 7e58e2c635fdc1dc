namespace LlmIntercept.Bench.Tools;

/// <summary>Options in <c>--name value</c> form; a name given more than once keeps every value.</summary>
internal sealed class ToolArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public static ToolArguments Parse(string[] args)
    {
        var parsed = new ToolArguments();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected '--name value', got '{args[i]}'");
            }

            var name = args[i][2..];
            if (!parsed._values.TryGetValue(name, out var list))
            {
                parsed._values[name] = list = [];
            }

            list.Add(args[++i]);
        }

        return parsed;
    }

    public string Required(string name) =>
        _values.TryGetValue(name, out var list) ? list[^1] : throw new ArgumentException($"--{name} is required");

    public string? Optional(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var list) ? int.Parse(list[^1], System.Globalization.CultureInfo.InvariantCulture) : fallback;

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];
}
