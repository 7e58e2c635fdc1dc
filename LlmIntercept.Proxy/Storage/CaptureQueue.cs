using System.Threading.Channels;
using LlmIntercept.Proxy.Configuration;
using LlmIntercept.Proxy.Telemetry;
using LlmIntercept.Store;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Proxy.Storage;

/// <summary>A record on its way to the store, with the client's key still to be hashed by the writer.</summary>
internal sealed record PendingRecord(LlmRequest Record, string? ApiKey);

/// <summary>
/// The bounded write-behind queue between calls and the store. Enqueueing never waits: when the queue is
/// full (the store has been down for a long time) the record is dropped and counted, and the call goes on.
/// </summary>
internal sealed partial class CaptureQueue(
    IOptions<ProxyOptions> options,
    ProxyTelemetry telemetry,
    ILogger<CaptureQueue> logger)
{
    private readonly Channel<PendingRecord> _channel = Channel.CreateBounded<PendingRecord>(
        new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });

    public ChannelReader<PendingRecord> Reader => _channel.Reader;

    public int Count => _channel.Reader.Count;

    public int Capacity => options.Value.QueueCapacity;

    public bool TryEnqueue(PendingRecord record)
    {
        if (_channel.Writer.TryWrite(record))
        {
            telemetry.RecordQueued();
            return true;
        }

        telemetry.RecordDropped(1);
        LogDropped(logger, Capacity);
        return false;
    }

    /// <summary>No more records will come (the host is stopping); the writer drains what is left.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    [LoggerMessage(EventId = 2101, EventName = "CaptureDropped", Level = LogLevel.Error,
        Message = "The capture queue is full ({Capacity} records); a record was dropped. Is the store reachable?")]
    private static partial void LogDropped(ILogger logger, int capacity);
}
