namespace LlmIntercept.Dashboard.SignIn;

internal static partial class Log
{
    [LoggerMessage(EventId = 5101, EventName = "DashboardSignedIn", Level = LogLevel.Information,
        Message = "Dashboard sign-in from {Client}")]
    public static partial void SignedIn(ILogger logger, string client);

    [LoggerMessage(EventId = 5102, EventName = "DashboardSignInFailed", Level = LogLevel.Warning,
        Message = "Dashboard sign-in with a wrong password from {Client}")]
    public static partial void SignInFailed(ILogger logger, string client);

    [LoggerMessage(EventId = 5103, EventName = "DashboardSignInLockedOut", Level = LogLevel.Warning,
        Message = "Dashboard sign-in refused: too many wrong passwords from {Client}")]
    public static partial void SignInLockedOut(ILogger logger, string client);
}
