namespace LlmIntercept.AppHost.Orchestration;

/// <summary>
/// The two services. Each gets only the values it reads: the proxy no password, the dashboard no upstream. Both
/// listen on fixed ports without the orchestrator's relay in between, so a long stream goes straight to the
/// client; <c>Ports:proxy</c> and <c>Ports:dashboard</c> move them.
/// </summary>
internal static class ServiceResources
{
    public const string ProxyName = "proxy";
    public const string DashboardName = "dashboard";
    public const int DefaultProxyPort = 8000;
    public const int DefaultDashboardPort = 8001;
    public const string HealthPath = "/health";

    public static IResourceBuilder<ProjectResource> AddProxyService(
        this IDistributedApplicationBuilder builder,
        InterceptParameters parameters,
        HeadlessMode mode) =>
        builder.AddProject<Projects.LlmIntercept_Proxy>(ProxyName, launchProfileName: null)
            .WithServiceDefaults(PortOf(builder, ProxyName, DefaultProxyPort), mode, CapturesMessages(builder))
            .WithEnvironment("BASE_URL", parameters.UpstreamBaseUrl)
            .WithEnvironment("UPSTREAM", parameters.UpstreamKind)
            .WithEnvironment("DATABASE_URL", parameters.DatabaseUrl);

    public static IResourceBuilder<ProjectResource> AddDashboardService(
        this IDistributedApplicationBuilder builder,
        InterceptParameters parameters,
        HeadlessMode mode) =>
        builder.AddProject<Projects.LlmIntercept_Dashboard>(DashboardName, launchProfileName: null)
            .WithServiceDefaults(PortOf(builder, DashboardName, DefaultDashboardPort), mode, captureMessages: false)
            .WithEnvironment("DATABASE_URL", parameters.DatabaseUrl)
            .WithEnvironment("ADMIN_PASSWORD", parameters.Password.Parameter);

    private static IResourceBuilder<ProjectResource> WithServiceDefaults(
        this IResourceBuilder<ProjectResource> service,
        int port,
        HeadlessMode mode,
        bool captureMessages) =>
        service
            .WithHttpEndpoint(port: port, isProxied: false)
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck(HealthPath)
            .WithEnvironment(context => ServiceTelemetry.Apply(context.EnvironmentVariables, mode, captureMessages));

    private static bool CapturesMessages(IDistributedApplicationBuilder builder) =>
        bool.TryParse(builder.Configuration[ServiceTelemetry.CaptureMessageContentKey], out var on) && on;

    private static int PortOf(IDistributedApplicationBuilder builder, string service, int fallback) =>
        int.TryParse(builder.Configuration[$"Ports:{service}"], out var port) ? port : fallback;
}
