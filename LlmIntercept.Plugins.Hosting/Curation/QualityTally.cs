namespace LlmIntercept.Plugins.Hosting.Curation;

/// <summary>What the report says about the rows handed to the exporter: lengths, models, tags and splits.</summary>
internal sealed class QualityTally
{
    /// <summary>Upper bounds (inclusive, in estimated tokens) of the length histogram; a last bucket holds the rest.</summary>
    public static readonly int[] BucketBounds = [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

    private readonly long[] buckets = new long[BucketBounds.Length + 1];
    private readonly Dictionary<string, long> models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> tags = new(StringComparer.Ordinal);
    private long count;
    private long totalTokens;
    private int min = int.MaxValue;
    private int max;

    public long TrainRows { get; private set; }

    public long ValidationRows { get; private set; }

    public void Count(CuratedRow row)
    {
        count++;
        totalTokens += row.Tokens;
        min = Math.Min(min, row.Tokens);
        max = Math.Max(max, row.Tokens);
        var bucket = Array.FindIndex(BucketBounds, bound => row.Tokens <= bound);
        buckets[bucket < 0 ? BucketBounds.Length : bucket]++;

        var model = row.Example.Model ?? "(none)";
        models[model] = models.GetValueOrDefault(model) + 1;
        foreach (var tag in row.Example.Tags)
        {
            tags[tag] = tags.GetValueOrDefault(tag) + 1;
        }

        if (row.IsValidation)
        {
            ValidationRows++;
        }
        else
        {
            TrainRows++;
        }
    }

    public TokenLengths Lengths() => new(
        count,
        count == 0 ? 0 : min,
        max,
        count == 0 ? 0 : (double)totalTokens / count,
        buckets.Select((rows, i) => new TokenBucket(i < BucketBounds.Length ? BucketBounds[i] : null, rows)).ToList());

    public IReadOnlyDictionary<string, long> Models => models;

    public IReadOnlyDictionary<string, long> Tags => tags;
}
