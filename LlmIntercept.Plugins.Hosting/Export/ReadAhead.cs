using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>
/// Runs a sequence on a task of its own, a few batches ahead of whoever enumerates it: reading and mapping rows on
/// one core while the exporter serialises and compresses them on the other. Order is kept. Items travel in batches
/// so that the two sides do not hand over (and wake each other) once per row.
/// </summary>
internal static class ReadAhead
{
    public static async IAsyncEnumerable<T> RunAsync<T>(
        IAsyncEnumerable<T> source,
        int batchSize,
        int batchesAhead,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batches = Channel.CreateBounded<List<T>>(
            new BoundedChannelOptions(batchesAhead) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => ProduceAsync(source, batches.Writer, batchSize, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var item in batch)
                {
                    yield return item;
                }
            }
        }
        finally
        {
            // The consumer finished, failed or gave up: the producer stops too, and is done before the caller's
            // resources (the database context it reads from) are disposed.
            await stop.CancelAsync();
            await producer;
        }
    }

    private static async Task ProduceAsync<T>(
        IAsyncEnumerable<T> source,
        ChannelWriter<List<T>> batches,
        int batchSize,
        CancellationToken cancellationToken)
    {
        try
        {
            var batch = new List<T>(batchSize);
            await foreach (var item in source.WithCancellation(cancellationToken))
            {
                batch.Add(item);
                if (batch.Count == batchSize)
                {
                    await batches.WriteAsync(batch, cancellationToken);
                    batch = new List<T>(batchSize);
                }
            }

            if (batch.Count > 0)
            {
                await batches.WriteAsync(batch, cancellationToken);
            }

            batches.Complete();
        }
        catch (Exception exception)
        {
            // Not swallowed: the consumer receives it from the channel and rethrows it.
            batches.TryComplete(exception);
        }
    }
}
