using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmIntercept.AppHost.Orchestration;

/// <summary>
/// Without the Aspire dashboard the services' own output has nowhere to be read: the orchestrator keeps it in
/// memory only. In headless runs it is copied to the AppHost's console, one line at a time, so a CI log or a
/// server's journal shows why a service did not start.
/// </summary>
internal sealed class ServiceLogForwarder(
    DistributedApplicationModel model,
    ResourceLoggerService logs,
    ILoggerFactory loggerFactory) : BackgroundService
{
    // By resource, not by name: the orchestrator's log streams are keyed by instance names it makes up.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(model.Resources.OfType<ProjectResource>().Select(service => ForwardAsync(service, stoppingToken)));

    private async Task ForwardAsync(ProjectResource resource, CancellationToken stoppingToken)
    {
        var service = resource.Name;
        var logger = loggerFactory.CreateLogger($"LlmIntercept.AppHost.{service}");
        try
        {
            await foreach (var batch in logs.WatchAsync(resource).WithCancellation(stoppingToken))
            {
                foreach (var line in batch)
                {
                    if (line.IsErrorMessage)
                    {
                        Log.ServiceErrorOutput(logger, service, line.Content);
                    }
                    else
                    {
                        Log.ServiceOutput(logger, service, line.Content);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The AppHost is stopping; the services stop with it.
        }
    }
}

internal static class ServiceLogForwarderExtensions
{
    public static void ForwardServiceLogsWhenHeadless(this IDistributedApplicationBuilder builder, HeadlessMode mode)
    {
        if (mode.Headless)
        {
            builder.Services.AddHostedService<ServiceLogForwarder>();
        }
    }
}
