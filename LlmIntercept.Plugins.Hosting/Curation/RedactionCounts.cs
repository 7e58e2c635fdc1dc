namespace LlmIntercept.Plugins.Hosting.Curation;

/// <summary>How many items of each kind redaction replaced.</summary>
internal sealed class RedactionCounts
{
    private readonly Dictionary<string, long> counts = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> ByKind => counts;

    public void Add(string kind) => counts[kind] = counts.GetValueOrDefault(kind) + 1;
}
