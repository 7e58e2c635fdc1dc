namespace LlmIntercept.AppHost.Orchestration;

/// <summary>
/// Adjusts the telemetry settings the orchestrator gives every service (this callback runs after its own).
/// </summary>
internal static class ServiceTelemetry
{
    /// <summary>AppHost setting that lets the proxy put prompts and replies on its spans (off by default).</summary>
    public const string CaptureMessageContentKey = "Telemetry:CaptureMessageContent";

    /// <summary>Ample for a batch sent over loopback; short enough that a stop does not wait long for a gone collector.</summary>
    private const string ExportTimeoutMilliseconds = "2000";

    private const string CaptureMessageContentVariable = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

    /// <summary>
    /// For local debugging the orchestrator turns on GenAI message capture and unredacted URL queries in traces.
    /// Here a message is the user's data, and a query can carry the dashboard password (its <c>?password=</c>
    /// sign-in link): both stay off, so no trace holds either, unless the user asks for messages.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> PrivacySettings = new Dictionary<string, string>
    {
        [CaptureMessageContentVariable] = "false",
        ["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "false",
        ["OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION"] = "false",
    };

    public static void Apply(Dictionary<string, object> environment, HeadlessMode mode, bool captureMessageContent)
    {
        foreach (var (name, value) in PrivacySettings)
        {
            environment[name] = value;
        }

        if (captureMessageContent)
        {
            environment[CaptureMessageContentVariable] = "true";
        }

        // The Aspire dashboard, the collector, stops with the AppHost, before the services: each exporter's last
        // flush then retries until its timeout, 10 s by default, and holds the service's stop that long.
        if (!mode.Headless && environment.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"))
        {
            environment["OTEL_EXPORTER_OTLP_TIMEOUT"] = ExportTimeoutMilliseconds;
        }

        // Headless runs have no collector: an endpoint left in place makes each service's exporter retry in
        // memory and hold its stop for seconds, and the headers would hand out the collector's key for nothing.
        if (mode.Headless)
        {
            foreach (var name in environment.Keys.Where(IsOtlpExporterSetting).ToList())
            {
                environment.Remove(name);
            }

            // Their output is copied to the AppHost's console (ServiceLogForwarder): plain text, and without a
            // line for every health probe the orchestrator sends.
            environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false";
            environment.TryAdd("Logging__LogLevel__Microsoft.AspNetCore", "Warning");
        }
    }

    public static bool IsOtlpExporterSetting(string name) =>
        name.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.OrdinalIgnoreCase);
}
