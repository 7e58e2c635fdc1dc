namespace LlmIntercept.Dashboard.FrontEnd;

internal static partial class Log
{
    [LoggerMessage(EventId = 5401, EventName = "DashboardFrontEndFound", Level = LogLevel.Information,
        Message = "Dashboard front end served from {Folder}")]
    public static partial void FrontEndFound(ILogger logger, string folder);

    [LoggerMessage(EventId = 5402, EventName = "DashboardFrontEndMissing", Level = LogLevel.Warning,
        Message = "Dashboard front end not built: no index.html in {Folders}; the API still works")]
    public static partial void FrontEndMissing(ILogger logger, string folders);
}
