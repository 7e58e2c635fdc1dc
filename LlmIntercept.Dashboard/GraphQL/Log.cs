namespace LlmIntercept.Dashboard.GraphQL;

internal static partial class Log
{
    [LoggerMessage(EventId = 5201, EventName = "DashboardGraphQLResolverFailed", Level = LogLevel.Warning,
        Message = "GraphQL field {Field} failed")]
    public static partial void ResolverFailed(ILogger logger, string field, Exception exception);
}
