namespace LlmIntercept.Dashboard.Hosting;

/// <summary>
/// Keeps the password of the <c>?password=</c> link out of the host's logs. ASP.NET Core's hosting diagnostics
/// log every request's full URL, query string included, at Information ("Request starting ..."), before any
/// middleware or endpoint runs, so no redirect can come first: that category is raised to Warning. The same
/// URL in traces is covered by the OpenTelemetry instrumentation, which replaces query values with "Redacted".
/// </summary>
internal static class DashboardLogging
{
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static ILoggingBuilder AddDashboardLogFilters(this ILoggingBuilder logging) =>
        logging.AddFilter(HostingDiagnosticsCategory, LogLevel.Warning);
}
