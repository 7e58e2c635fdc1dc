using LlmIntercept.Store;
using LlmIntercept.Store.Rollup;

namespace LlmIntercept.Dashboard.Stats;

/// <summary>
/// Adds up the overview from groups (roll-up rows, grouped SQL) and from single requests: per model, per timeline
/// slot and per histogram bucket of <see cref="StatsRollup.LatencyBounds"/>.
/// </summary>
internal sealed class StatsTally(int bucketMinutes)
{
    private readonly Dictionary<ModelKey, Sums> models = [];
    private readonly Dictionary<(DateTime Start, string Model), long> slots = [];
    private readonly long[] histogram = new long[StatsRollup.LatencyBounds.Count + 1];

    public void AddRequest(DateTime timestamp, string? model, string status, double responseTimeMs, int? promptTokens, int? completionTokens)
    {
        AddModel(model, 1, status == RequestStatus.Error ? 1 : 0, promptTokens ?? 0, completionTokens ?? 0, responseTimeMs);
        AddSlot(Timeline.StartOf(timestamp, bucketMinutes), model, 1);
        histogram[StatsRollup.BucketOf(responseTimeMs)]++;
    }

    public void AddModel(string? model, long count, long errors, long promptTokens, long completionTokens, double timeSum)
    {
        if (!models.TryGetValue(new ModelKey(model), out var sums))
        {
            sums = new Sums();
            models[new ModelKey(model)] = sums;
        }

        sums.Count += count;
        sums.Errors += errors;
        sums.PromptTokens += promptTokens;
        sums.CompletionTokens += completionTokens;
        sums.TimeSum += timeSum;
    }

    /// <summary>Counts requests in the timeline slot starting at <paramref name="start"/>, already aligned to a slot.</summary>
    public void AddSlot(DateTime start, string? model, long count)
    {
        var key = (start, model ?? Timeline.UnknownModel);
        slots[key] = slots.GetValueOrDefault(key) + count;
    }

    public void AddHistogram(IReadOnlyList<long> counts)
    {
        for (var i = 0; i < histogram.Length; i++)
        {
            histogram[i] += counts[i];
        }
    }

    /// <summary>The overview with the histogram and exact percentiles found by SQL.</summary>
    public DashboardStats ToStats(IReadOnlyList<LatencyBucket> histogram, double? p50, double? p95)
    {
        var perModel = PerModel();
        return StatsReader.Compose(
            perModel, perModel.Sum(m => m.TimeSum), p50, p95, TimelineBuckets(), histogram, bucketMinutes, percentilesApproximate: false);
    }

    /// <summary>The overview with the percentiles interpolated in the histogram added up here.</summary>
    public DashboardStats ToStats()
    {
        var perModel = PerModel();
        return StatsReader.Compose(
            perModel,
            perModel.Sum(m => m.TimeSum),
            Interpolated(histogram, 0.50),
            Interpolated(histogram, 0.95),
            TimelineBuckets(),
            Coarse(histogram),
            bucketMinutes,
            percentilesApproximate: true);
    }

    private List<ModelRow> PerModel() =>
        models
            .Select(m => new ModelRow(m.Key.Model, m.Value.Count, m.Value.Errors, m.Value.PromptTokens, m.Value.CompletionTokens, m.Value.TimeSum))
            .ToList();

    private List<TimeBucket> TimelineBuckets() =>
        slots
            .Where(s => s.Value > 0)
            .Select(s => new TimeBucket(s.Key.Start, s.Key.Model, s.Value))
            .OrderBy(b => b.Start)
            .ThenBy(b => b.Model, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The value at nearest rank ceil(<paramref name="fraction"/> × n), placed linearly inside the bucket that holds
    /// that rank: always in the same bucket as the exact value, so off by less than the bucket's width.
    /// </summary>
    internal static double? Interpolated(IReadOnlyList<long> counts, double fraction)
    {
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(fraction * total));
        var below = 0L;
        var bucket = 0;
        while (below + counts[bucket] < rank)
        {
            below += counts[bucket];
            bucket++;
        }

        var bounds = StatsRollup.LatencyBounds;
        var lower = bucket == 0 ? 0 : bounds[bucket - 1];
        var upper = bucket < bounds.Count ? bounds[bucket] : lower;
        return lower + (upper - lower) * (rank - below) / counts[bucket];
    }

    /// <summary>The dashboard's histogram (<see cref="LatencyHistogram.UpperBounds"/>) as sums of the roll-up's buckets.</summary>
    internal static IReadOnlyList<LatencyBucket> Coarse(IReadOnlyList<long> fine)
    {
        var coarse = LatencyHistogram.UpperBounds;
        var counts = new long[coarse.Length + 1];
        var fineBounds = StatsRollup.LatencyBounds;
        for (var i = 0; i < fine.Count; i++)
        {
            var j = 0;
            while (j < coarse.Length && !(i < fineBounds.Count && fineBounds[i] <= coarse[j]))
            {
                j++;
            }

            counts[j] += fine[i];
        }

        return counts.Select((count, j) => new LatencyBucket(j < coarse.Length ? coarse[j] : null, count)).ToList();
    }

    /// <summary>A model as a dictionary key: null (no model named) is a key of its own.</summary>
    private readonly record struct ModelKey(string? Model);

    private sealed class Sums
    {
        public long Count { get; set; }
        public long Errors { get; set; }
        public long PromptTokens { get; set; }
        public long CompletionTokens { get; set; }
        public double TimeSum { get; set; }
    }
}
