using Microsoft.Extensions.Logging;

namespace LlmIntercept.AppHost.Orchestration;

internal static partial class Log
{
    [LoggerMessage(EventId = 3001, EventName = "PasswordGenerated", Level = LogLevel.Information,
        Message = "Dashboard password generated and stored in user secrets at {Path} (shown once on the terminal; "
            + "change it with dotnet user-secrets set {Key} <password> --project LlmIntercept.AppHost)")]
    public static partial void PasswordGenerated(ILogger logger, string path, string key);

    [LoggerMessage(EventId = 3002, EventName = "PasswordGeneratedForThisRun", Level = LogLevel.Information,
        Message = "Dashboard password generated for this run only (shown on the terminal); set {Key} to keep one")]
    public static partial void PasswordGeneratedForThisRun(ILogger logger, string key);

    [LoggerMessage(EventId = 3003, EventName = "PasswordConfigured", Level = LogLevel.Information,
        Message = "Dashboard password: as configured in {Key} (see it with dotnet user-secrets list "
            + "--project LlmIntercept.AppHost, if it was set there)")]
    public static partial void PasswordConfigured(ILogger logger, string key);

    [LoggerMessage(EventId = 3004, EventName = "ServiceOutput", Level = LogLevel.Information,
        Message = "[{Service}] {Line}")]
    public static partial void ServiceOutput(ILogger logger, string service, string line);

    [LoggerMessage(EventId = 3005, EventName = "ServiceErrorOutput", Level = LogLevel.Warning,
        Message = "[{Service}] {Line}")]
    public static partial void ServiceErrorOutput(ILogger logger, string service, string line);
}
