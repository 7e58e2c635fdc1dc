namespace LlmIntercept.AppHost.Orchestration;

/// <summary>
/// Adjusts the telemetry settings the orchestrator gives every service (this callback runs after its own).
/// </summary>
internal static class ServiceTelemetry
{
    /// <summary>
    /// For local debugging the orchestrator turns on GenAI message capture and unredacted URL queries in traces.
    /// Here a message is the user's data, and a query can carry the dashboard password (its <c>?password=</c>
    /// sign-in link): both stay off, so no trace holds either.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> PrivacySettings = new Dictionary<string, string>
    {
        ["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = "false",
        ["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "false",
        ["OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION"] = "false",
    };

    public static void Apply(Dictionary<string, object> environment, HeadlessMode mode)
    {
        foreach (var (name, value) in PrivacySettings)
        {
            environment[name] = value;
        }

        // Headless runs have no collector: an endpoint left in place makes each service's exporter retry in
        // memory and hold its stop for seconds, and the headers would hand out the collector's key for nothing.
        if (mode.Headless)
        {
            foreach (var name in environment.Keys.Where(IsOtlpExporterSetting).ToList())
            {
                environment.Remove(name);
            }
        }
    }

    public static bool IsOtlpExporterSetting(string name) =>
        name.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.OrdinalIgnoreCase);
}
