using System.Collections.Concurrent;
using System.Diagnostics;
using LlmIntercept.Proxy.Telemetry;
using LlmIntercept.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LlmIntercept.Proxy.Tests.Telemetry;

/// <summary>
/// The OpenTelemetry in-memory exporters added to a proxy host beside its own telemetry setup, plus every log
/// line. Listeners are process-wide, so the chat span and the GenAI metric points are picked out by the fake
/// upstream's port, which only this test's proxy talks to.
/// </summary>
internal sealed class TelemetryCapture
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly List<MetricSnapshot> _metrics = [];

    public CapturedLogs Logs { get; } = new();

    public IReadOnlyList<Activity> Spans => _spans.ToArray();

    public void AddTo(WebApplicationBuilder builder) => builder.Services.AddOpenTelemetry()
        .WithTracing(tracing => tracing.AddInMemoryExporter(new QueueCollection(_spans)))
        .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics));

    /// <summary>Waits for the proxy's chat span to the upstream on <paramref name="port"/> (it ends after the reply).</summary>
    public async Task<Activity> WaitForChatSpanAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var chats = ChatSpans(port);
            if (chats.Count > 0 || DateTime.UtcNow > deadline)
            {
                return Assert.Single(chats);
            }

            await Task.Delay(50);
        }
    }

    public List<Activity> ChatSpans(int port) => Spans
        .Where(span => span.Source.Name == ProxyTelemetry.SourceName && Equals(span.GetTagItem("server.port"), port))
        .ToList();

    /// <summary>Exports the current metric values and returns the points of one instrument.</summary>
    public IReadOnlyList<MetricPoint> Points(IServiceProvider services, string instrument, int? port = null)
    {
        lock (_metrics)
        {
            _metrics.Clear();
            Assert.True(services.GetRequiredService<MeterProvider>().ForceFlush(10_000), "metrics did not flush");
            var points = _metrics.Where(m => m.Name == instrument).SelectMany(m => m.MetricPoints).ToList();
            return port is null ? points : points.Where(p => Equals(Tag(p, "server.port"), port)).ToList();
        }
    }

    public static object? Tag(MetricPoint point, string name)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == name)
            {
                return tag.Value;
            }
        }

        return null;
    }

    /// <summary>The exporter takes an <see cref="ICollection{T}"/>; the spans end on request threads, so a queue behind it.</summary>
    private sealed class QueueCollection(ConcurrentQueue<Activity> queue) : ICollection<Activity>
    {
        public int Count => queue.Count;

        public bool IsReadOnly => false;

        public void Add(Activity item) => queue.Enqueue(item);

        public void Clear() => queue.Clear();

        public bool Contains(Activity item) => queue.Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => queue.CopyTo(array, arrayIndex);

        public bool Remove(Activity item) => throw new NotSupportedException();

        public IEnumerator<Activity> GetEnumerator() => queue.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    /// <summary>Alone: counters without a per-upstream tag would otherwise sum other tests' proxies too.</summary>
    public const string Name = "Telemetry";
}
