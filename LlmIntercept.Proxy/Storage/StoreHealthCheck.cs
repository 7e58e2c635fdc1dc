using LlmIntercept.Proxy.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LlmIntercept.Proxy.Storage;

/// <summary>
/// Reports whether the store takes writes, and the capture counters. A failing store makes the proxy
/// "degraded", not unhealthy: calls still go through, so a load balancer should keep sending them.
/// </summary>
internal sealed class StoreHealthCheck(StoreState state, CaptureQueue queue, ProxyTelemetry telemetry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = state.Current;
        var data = new Dictionary<string, object>
        {
            ["store_writable"] = snapshot.Writable,
            ["queue_depth"] = queue.Count,
            ["queue_capacity"] = queue.Capacity,
            ["records_queued"] = telemetry.Queued,
            ["records_written"] = telemetry.Written,
            ["records_failed"] = telemetry.Failed,
            ["records_dropped"] = telemetry.Dropped,
        };
        if (snapshot.LastError is { } error)
        {
            data["last_error"] = error;
        }

        return Task.FromResult(snapshot.Writable
            ? HealthCheckResult.Healthy("The store takes writes.", data)
            : HealthCheckResult.Degraded("The store is failing; records are queued and retried.", data: data));
    }
}
