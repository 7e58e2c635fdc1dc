namespace LlmIntercept.Dashboard.Export;

internal static partial class Log
{
    [LoggerMessage(EventId = 5301, EventName = "DashboardExportStarted", Level = LogLevel.Information,
        Message = "Export of {ExpectedRows} rows as {Format} started")]
    public static partial void ExportStarted(ILogger logger, string format, long expectedRows);

    [LoggerMessage(EventId = 5302, EventName = "DashboardExportCompleted", Level = LogLevel.Information,
        Message = "Export as {Format} wrote {RowsWritten} of {RowsRead} rows")]
    public static partial void ExportCompleted(ILogger logger, string format, long rowsRead, long rowsWritten);

    [LoggerMessage(EventId = 5303, EventName = "DashboardExportAborted", Level = LogLevel.Debug,
        Message = "Export as {Format} stopped: the client went away")]
    public static partial void ExportAborted(ILogger logger, string format);

    [LoggerMessage(EventId = 5304, EventName = "DashboardExportFailed", Level = LogLevel.Warning,
        Message = "Export as {Format} failed")]
    public static partial void ExportFailed(ILogger logger, string format, Exception exception);
}
