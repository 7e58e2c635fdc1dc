namespace LlmIntercept.Dashboard.Hosting;

/// <summary>
/// Where the dashboard is mapped: <c>""</c> as its own service, <c>/admin</c> inside the proxy's process.
/// Known only when <see cref="DashboardHostingExtensions.MapInterceptDashboard"/> runs, after the services were
/// registered, so the cookie path and redirects read it from here.
/// </summary>
internal sealed class DashboardMount
{
    private string? pathBase;

    public string PathBase => pathBase ?? "";

    /// <summary>The dashboard's home page: <c>/</c> or <c>/admin/</c>.</summary>
    public string Home => PathBase + "/";

    /// <summary>The cookie path: the session is sent only to the dashboard's own paths.</summary>
    public string CookiePath => PathBase.Length == 0 ? "/" : PathBase;

    public void Set(string value)
    {
        if (pathBase is not null && pathBase != value)
        {
            throw new InvalidOperationException(
                $"The dashboard is already mapped at '{pathBase}'; it cannot be mapped again at '{value}'.");
        }

        pathBase = value;
    }

    /// <summary>Turns <c>admin/</c>, <c>/admin/</c> or <c>/</c> into <c>/admin</c> or <c>""</c>.</summary>
    public static string Normalize(string? pathBase)
    {
        var trimmed = (pathBase ?? "").Trim().Trim('/');
        if (trimmed.Contains('?') || trimmed.Contains('#') || trimmed.Contains("{", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{pathBase}' is not a plain path.", nameof(pathBase));
        }

        return trimmed.Length == 0 ? "" : "/" + trimmed;
    }
}
