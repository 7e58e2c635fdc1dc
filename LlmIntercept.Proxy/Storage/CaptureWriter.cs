using LlmIntercept.Proxy.Capture;
using LlmIntercept.Proxy.Configuration;
using LlmIntercept.Proxy.Telemetry;
using LlmIntercept.Store;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Proxy.Storage;

/// <summary>
/// Drains the capture queue into the store in batched transactions. A failed batch is kept and retried with
/// backoff until the store recovers, while new records wait in the bounded queue; on stop the queue is
/// drained, and whatever cannot be written before the shutdown deadline is counted as dropped.
/// </summary>
internal sealed partial class CaptureWriter(
    CaptureQueue queue,
    StoreInitializer initializer,
    RequestBatchWriter batchWriter,
    StoreState state,
    ProxyTelemetry telemetry,
    IOptions<ProxyOptions> options,
    TimeProvider time,
    ILogger<CaptureWriter> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private ApiKeyHasher? _hasher;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        await base.StopAsync(cancellationToken);

        // The host's shutdown deadline passed with records still waiting: they go with the process, counted.
        if (queue.Count is var left and > 0)
        {
            telemetry.RecordDropped(left);
            LogShutdownDeadline(logger, left);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Writing goes on after stoppingToken fires, to drain the queue; only the host's shutdown deadline
        // (which abandons this task) ends it early.
        var batch = new List<PendingRecord>(options.Value.BatchSize);
        await EnsureReadyAsync(stoppingToken);
        while (await WaitForRecordsAsync())
        {
            while (batch.Count < options.Value.BatchSize && queue.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            await WriteWithRetryAsync(batch, stoppingToken);
            batch.Clear();
        }
    }

    private async Task<bool> WaitForRecordsAsync()
    {
        try
        {
            return await queue.Reader.WaitToReadAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private async Task EnsureReadyAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (_hasher is null)
        {
            try
            {
                await initializer.InitializeAsync(CancellationToken.None);
                _hasher = new ApiKeyHasher(await initializer.GetApiKeySecretAsync(CancellationToken.None));
                state.ReportSuccess();
            }
            catch (Exception exception)
            {
                state.ReportFailure(exception);
                LogInitFailed(logger, exception);
                StoreInitializer.ReleaseConnections();
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                await DelayAsync(++attempt, stoppingToken);
            }
        }
    }

    private async Task WriteWithRetryAsync(List<PendingRecord> batch, CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (true)
        {
            ForgetDeletedFile();
            await EnsureReadyAsync(stoppingToken);
            if (_hasher is not null && await TryWriteAsync(batch))
            {
                return;
            }

            if (stoppingToken.IsCancellationRequested && attempt >= 3)
            {
                telemetry.RecordDropped(batch.Count);
                LogGaveUp(logger, batch.Count);
                return;
            }

            await DelayAsync(++attempt, stoppingToken);
        }
    }

    /// <summary>
    /// A SQLite file deleted while running would go on taking writes through the open connections, into a file
    /// nobody can read any more: those connections are dropped and the store is created again at its path.
    /// </summary>
    private void ForgetDeletedFile()
    {
        if (_hasher is null || !initializer.IsDatabaseFileMissing)
        {
            return;
        }

        LogFileMissing(logger);
        state.ReportFailure(new FileNotFoundException("The database file was deleted while the proxy was running."));
        StoreInitializer.ReleaseConnections();
        _hasher = null;
    }

    private async Task<bool> TryWriteAsync(List<PendingRecord> batch)
    {
        var records = new List<LlmRequest>(batch.Count);
        foreach (var pending in batch)
        {
            pending.Record.ApiKeyHash ??= _hasher!.Hash(pending.ApiKey);
            records.Add(pending.Record);
        }

        try
        {
            await batchWriter.WriteAsync(records, options.Value.StoreBusyTimeout, CancellationToken.None);
            telemetry.RecordWritten(records.Count);
            state.ReportSuccess();
            return true;
        }
        catch (Exception exception)
        {
            telemetry.RecordFailed(records.Count);
            state.ReportFailure(exception);
            LogWriteFailed(logger, exception, records.Count);

            // A connection opened while the file was read-only stays read-only: the retry opens new ones.
            StoreInitializer.ReleaseConnections();
            return false;
        }
    }

    private async Task DelayAsync(int attempt, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, attempt)));
        if (stoppingToken.IsCancellationRequested)
        {
            delay = TimeSpan.FromMilliseconds(200);
        }

        await Task.Delay(delay, time, CancellationToken.None);
    }

    [LoggerMessage(EventId = 2102, EventName = "StoreInitFailed", Level = LogLevel.Warning,
        Message = "The store could not be opened; calls go on and records wait in the queue")]
    private static partial void LogInitFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2103, EventName = "CaptureWriteFailed", Level = LogLevel.Warning,
        Message = "Writing {Count} records failed; they will be retried")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 2105, EventName = "StoreFileMissing", Level = LogLevel.Warning,
        Message = "The database file was deleted while running; it is created again and writing goes on there")]
    private static partial void LogFileMissing(ILogger logger);

    [LoggerMessage(EventId = 2106, EventName = "CaptureShutdownDeadline", Level = LogLevel.Error,
        Message = "The shutdown deadline passed before the queue was written: {Count} records were dropped")]
    private static partial void LogShutdownDeadline(ILogger logger, int count);

    [LoggerMessage(EventId = 2104, EventName = "CaptureGaveUp", Level = LogLevel.Error,
        Message = "Stopping with the store unavailable: {Count} records were dropped")]
    private static partial void LogGaveUp(ILogger logger, int count);
}
