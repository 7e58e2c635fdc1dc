using LlmIntercept.AppHost.Orchestration;
using LlmIntercept.AppHost.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmIntercept.AppHost.Tests.Orchestration;

/// <summary>What the AppHost puts in each service's environment, read from its model without starting anything.</summary>
public sealed class ResourceEnvironmentTests
{
    private static readonly Uri Upstream = new("http://127.0.0.1:9/v1/chat/completions");
    private const string DatabaseUrl = "sqlite:////tmp/llm-intercept-model-test/intercept.db";
    private const string CollectorUrl = "http://localhost:4399";

    [Fact]
    public async Task EachService_GetsOnlyItsOwnParameters()
    {
        var args = AppHostRun.Arguments(Upstream, DatabaseUrl, FreePort.Next(), FreePort.Next())
            .Prepend($"--Parameters:{InterceptParameters.UpstreamKindName}=openai")
            .ToArray();

        var (proxy, dashboard) = await EnvironmentsAsync(args);

        Assert.Equal(Upstream.ToString(), proxy["BASE_URL"]);
        Assert.Equal("openai", proxy["UPSTREAM"]);
        Assert.Equal(DatabaseUrl, proxy["DATABASE_URL"]);
        Assert.False(proxy.ContainsKey("ADMIN_PASSWORD"));
        Assert.DoesNotContain(proxy, e => e.Value.Contains(AppHostRun.Password, StringComparison.Ordinal));

        Assert.Equal(AppHostRun.Password, dashboard["ADMIN_PASSWORD"]);
        Assert.Equal(DatabaseUrl, dashboard["DATABASE_URL"]);
        Assert.False(dashboard.ContainsKey("BASE_URL"));
        Assert.False(dashboard.ContainsKey("UPSTREAM"));
        Assert.DoesNotContain(dashboard, e => e.Value.Contains(Upstream.Authority, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HeadlessRun_GivesNoServiceAnOtlpExporterSetting()
    {
        var args = AppHostRun.Arguments(Upstream, DatabaseUrl, FreePort.Next(), FreePort.Next())
            .Prepend($"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL={CollectorUrl}")
            .ToArray();

        var (proxy, dashboard) = await EnvironmentsAsync(args);

        foreach (var environment in new[] { proxy, dashboard })
        {
            Assert.DoesNotContain(environment, e => e.Key.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal));
            Assert.Equal("false", environment["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"]);
        }
    }

    [Fact]
    public async Task RunWithTheAspireDashboard_SendsTelemetryToItsCollector_WithMessageCaptureOff()
    {
        var args = AppHostRun.Arguments(Upstream, DatabaseUrl, FreePort.Next(), FreePort.Next())
            .Where(arg => arg != HeadlessMode.Flag)
            .Prepend($"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL={CollectorUrl}")
            .ToArray();

        var (proxy, dashboard) = await EnvironmentsAsync(args);

        foreach (var environment in new[] { proxy, dashboard })
        {
            Assert.Equal(CollectorUrl, environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Equal("2000", environment["OTEL_EXPORTER_OTLP_TIMEOUT"]);
            Assert.Equal("false", environment["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"]);
            Assert.Equal("false", environment["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"]);
        }
    }

    [Fact]
    public async Task CaptureMessageContentSetting_TurnsCaptureOnForTheProxyOnly()
    {
        var args = AppHostRun.Arguments(Upstream, DatabaseUrl, FreePort.Next(), FreePort.Next())
            .Prepend($"--{ServiceTelemetry.CaptureMessageContentKey}=true")
            .ToArray();

        var (proxy, dashboard) = await EnvironmentsAsync(args);

        Assert.Equal("true", proxy["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"]);
        Assert.Equal("false", dashboard["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"]);
    }

    private static async Task<(Dictionary<string, string> Proxy, Dictionary<string, string> Dashboard)>
        EnvironmentsAsync(string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var app = await AppHostRun.BuildAsync(args, timeout.Token);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var services = model.Resources.OfType<ProjectResource>().ToDictionary(r => r.Name);
        Assert.Equal([ServiceResources.DashboardName, ServiceResources.ProxyName], services.Keys.Order());
        var context = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
        return (
            await EnvironmentOfAsync(services[ServiceResources.ProxyName], context, timeout.Token),
            await EnvironmentOfAsync(services[ServiceResources.DashboardName], context, timeout.Token));
    }

    /// <summary>The environment as the orchestrator resolves it for a launch, parameter values filled in.</summary>
    private static async Task<Dictionary<string, string>> EnvironmentOfAsync(
        IResource resource,
        DistributedApplicationExecutionContext context,
        CancellationToken cancellation)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(context, NullLogger.Instance, cancellation);
        return configuration.EnvironmentVariables.ToDictionary(e => e.Key, e => e.Value);
    }
}
