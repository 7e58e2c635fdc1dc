namespace LlmIntercept.Dashboard.Stats;

/// <summary>The figures of the dashboard's overview for one filter.</summary>
internal sealed record DashboardStats(
    long TotalRequests,
    int UniqueModels,
    double ErrorRate,
    double? AvgResponseTimeMs,
    double? P50ResponseTimeMs,
    double? P95ResponseTimeMs,
    long PromptTokens,
    long CompletionTokens,
    IReadOnlyList<ModelStats> PerModel,
    IReadOnlyList<TimeBucket> Timeline,
    IReadOnlyList<LatencyBucket> LatencyHistogram,
    int BucketMinutes)
{
    /// <summary>
    /// True when the percentiles were interpolated in the roll-up's histogram (large selections) rather than read
    /// from the sorted response times; they are then within one bucket (at most 25% wide) of the exact value.
    /// </summary>
    public bool PercentilesApproximate { get; init; }
}

internal sealed record ModelStats(
    string Model,
    long Count,
    long ErrorCount,
    long PromptTokens,
    long CompletionTokens,
    double? AvgResponseTimeMs);

/// <summary>Requests of one model that started in the bucket beginning at <paramref name="Start"/>.</summary>
internal sealed record TimeBucket(DateTime Start, string Model, long Count);

/// <summary>Requests whose response time was above the previous bound and at most <paramref name="UpperMs"/>.</summary>
internal sealed record LatencyBucket(double? UpperMs, long Count);
