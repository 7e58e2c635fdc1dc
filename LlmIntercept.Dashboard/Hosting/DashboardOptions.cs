using System.Text;

namespace LlmIntercept.Dashboard.Hosting;

/// <summary>The dashboard's configuration, read from the root keys the original tool used.</summary>
internal sealed record DashboardOptions
{
    public const string DatabaseUrlKey = "DATABASE_URL";
    public const string AdminPasswordKey = "ADMIN_PASSWORD";
    public const string DistPathKey = "DASHBOARD_DIST_PATH";
    public const string ExactStatsRowsKey = "DASHBOARD_EXACT_STATS_ROWS";

    /// <summary>Where the requests are stored; default <c>sqlite:///./llm_intercept.db</c>.</summary>
    public string DatabaseUrl { get; set; } = Store.DatabaseUrl.Default;

    /// <summary>The one password that opens the dashboard. Required.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>The built front end; default <c>wwwroot/dist</c> beside the binaries, then under the content root.</summary>
    public string? DistPath { get; set; }

    /// <summary>How long a session lasts without use; each request within it extends it.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Up to this many matching requests the overview is computed from the rows, with exact percentiles; above it
    /// (and when the filter allows) from the hourly roll-up, where the percentiles are read off a histogram.
    /// </summary>
    public long ExactStatsRows { get; set; } = 50_000;

    // A record prints every property; the password must never reach a log line through it.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"DatabaseUrl = {Store.DatabaseUrl.Redact(DatabaseUrl)}, ");
        builder.Append($"AdminPassword = {(string.IsNullOrEmpty(AdminPassword) ? "(unset)" : "***")}, ");
        builder.Append($"DistPath = {DistPath}, SessionLifetime = {SessionLifetime}, ExactStatsRows = {ExactStatsRows}");
        return true;
    }
}
