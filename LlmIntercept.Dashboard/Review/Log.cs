namespace LlmIntercept.Dashboard.Review;

internal static partial class Log
{
    [LoggerMessage(EventId = 5401, EventName = "DashboardReviewApplied", Level = LogLevel.Information,
        Message = "Review action {Action} changed {Changed} requests")]
    public static partial void Reviewed(ILogger logger, string action, int changed);

    [LoggerMessage(EventId = 5402, EventName = "DashboardPruned", Level = LogLevel.Information,
        Message = "Pruned {Deleted} requests older than {Days} days (keep tagged: {KeepTagged})")]
    public static partial void Pruned(ILogger logger, long deleted, int days, bool keepTagged);
}
