using GraphQL.Types;
using LlmIntercept.Dashboard.Stats;

namespace LlmIntercept.Dashboard.GraphQL;

internal sealed class StatsType : ObjectGraphType<DashboardStats>
{
    public StatsType()
    {
        Name = "Stats";
        Field(x => x.TotalRequests, type: typeof(NonNullGraphType<LongGraphType>));
        Field(x => x.UniqueModels);
        Field(x => x.ErrorRate).Description("Share of requests with status \"error\", 0..1.");
        Field(x => x.AvgResponseTimeMs, nullable: true);
        Field(x => x.P50ResponseTimeMs, nullable: true).Description("Nearest-rank median.");
        Field(x => x.P95ResponseTimeMs, nullable: true).Description("Nearest-rank 95th percentile.");
        Field(x => x.PercentilesApproximate).Description(
            "True when p50 and p95 were interpolated in the hourly roll-up's histogram (selections above "
            + "DASHBOARD_EXACT_STATS_ROWS rows): then within one bucket, at most 25% wide, of the exact value.");
        Field(x => x.PromptTokens, type: typeof(NonNullGraphType<LongGraphType>));
        Field(x => x.CompletionTokens, type: typeof(NonNullGraphType<LongGraphType>));
        Field(x => x.PerModel, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ModelStatsType>>>));
        Field(x => x.Timeline, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<TimeBucketType>>>));
        Field(x => x.LatencyHistogram, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<LatencyBucketType>>>));
        Field(x => x.BucketMinutes);
    }
}

internal sealed class ModelStatsType : ObjectGraphType<ModelStats>
{
    public ModelStatsType()
    {
        Name = "ModelStats";
        Field(x => x.Model);
        Field(x => x.Count, type: typeof(NonNullGraphType<LongGraphType>));
        Field(x => x.ErrorCount, type: typeof(NonNullGraphType<LongGraphType>));
        Field(x => x.PromptTokens, type: typeof(NonNullGraphType<LongGraphType>));
        Field(x => x.CompletionTokens, type: typeof(NonNullGraphType<LongGraphType>));
        Field(x => x.AvgResponseTimeMs, nullable: true);
    }
}

internal sealed class TimeBucketType : ObjectGraphType<TimeBucket>
{
    public TimeBucketType()
    {
        Name = "TimeBucket";
        Field(x => x.Start);
        Field(x => x.Model);
        Field(x => x.Count, type: typeof(NonNullGraphType<LongGraphType>));
    }
}

internal sealed class LatencyBucketType : ObjectGraphType<LatencyBucket>
{
    public LatencyBucketType()
    {
        Name = "LatencyBucket";
        Field(x => x.UpperMs, nullable: true).Description("Inclusive upper bound in ms; null for the last bucket.");
        Field(x => x.Count, type: typeof(NonNullGraphType<LongGraphType>));
    }
}
