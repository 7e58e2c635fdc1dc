using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every LlmIntercept service shares: OpenTelemetry (exported over OTLP only when an endpoint is set),
/// health endpoints, service discovery and resilience for ordinary HTTP clients. The proxy's upstream client
/// is not an ordinary client: it is built by the proxy itself and gets no retry or total timeout, since
/// either would break a long stream.
/// </summary>
public static class Extensions
{
    public const string HealthPath = "/health";
    public const string AlivenessPath = "/alive";

    /// <summary>Names of the activity sources and meters of our own code, so telemetry picks them up.</summary>
    public static readonly string[] TelemetrySources = ["LlmIntercept.Proxy", "LlmIntercept.Dashboard"];

    /// <summary>
    /// Framework categories that log once or more per call at Information: ASP.NET Core's request start, end
    /// and endpoint lines, and EF Core's text of every command (the capture writer runs two per record).
    /// </summary>
    private static readonly Dictionary<string, string?> QuietFrameworkLogging = new()
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
    };

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // Lowest-priority source: any Logging setting from appsettings, the environment or the command line wins.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietFrameworkLogging });
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetrySources))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TelemetrySources)
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation());

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // With no collector listening, the OTLP exporter retries in memory and holds a stopping process for
        // many seconds; so it is only added when an endpoint is actually configured.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check, as JSON in the original tool's shape: status and timestamp, plus each
    /// check's state and data) and <c>/alive</c> (liveness only).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = WriteHealthJson });
        app.MapHealthChecks(AlivenessPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        return app;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(HealthPath) || path.StartsWithSegments(AlivenessPath);

    private static Task WriteHealthJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var payload = new Dictionary<string, object?>
        {
            ["status"] = report.Status == HealthStatus.Healthy ? "healthy" : report.Status.ToString().ToLowerInvariant(),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["checks"] = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => (object?)new Dictionary<string, object?>
                {
                    ["status"] = entry.Value.Status.ToString().ToLowerInvariant(),
                    ["description"] = entry.Value.Description,
                    ["data"] = entry.Value.Data.Count == 0 ? null : entry.Value.Data,
                }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, payload, HealthJson.Options);
    }

    private static class HealthJson
    {
        public static readonly JsonSerializerOptions Options = new() { WriteIndented = false };
    }
}
