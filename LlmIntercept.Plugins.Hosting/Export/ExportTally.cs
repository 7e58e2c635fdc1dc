namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>Counts rows read and skipped during one export.</summary>
internal sealed class ExportTally
{
    private readonly Dictionary<string, long> skipped = new(StringComparer.Ordinal);

    public long Read { get; private set; }

    public IReadOnlyDictionary<string, long> Skipped => skipped;

    public void CountRead() => Read++;

    public void CountSkipped(string reason) =>
        skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
}
