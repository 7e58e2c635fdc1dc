using System.Runtime.CompilerServices;
using LlmIntercept.Plugins.Hosting.Export;

namespace LlmIntercept.Plugins.Tests.Export;

public sealed class ReadAheadTests
{
    [Fact]
    public async Task RunAsync_ManyItems_ArriveAllInOrder()
    {
        var received = new List<int>();
        await foreach (var item in ReadAhead.RunAsync(CountAsync(10_001), batchSize: 7, batchesAhead: 2, default))
        {
            received.Add(item);
        }

        Assert.Equal(Enumerable.Range(0, 10_001), received);
    }

    [Fact]
    public async Task RunAsync_SourceFails_ConsumerGetsTheSameExceptionAfterTheItemsBefore()
    {
        var received = new List<int>();

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var item in ReadAhead.RunAsync(FailAfterAsync(3), batchSize: 1, batchesAhead: 1, default))
            {
                received.Add(item);
            }
        });

        Assert.Equal("row 3 is broken", error.Message);
        Assert.Equal([0, 1, 2], received);
    }

    [Fact]
    public async Task RunAsync_ConsumerStopsEarly_SourceIsStoppedBeforeTheEnumeratorIsDisposed()
    {
        var source = new Tracked();

        await foreach (var item in ReadAhead.RunAsync(source.ItemsAsync(), batchSize: 4, batchesAhead: 2, default))
        {
            if (item == 10)
            {
                break;
            }
        }

        Assert.True(source.Finished);
        Assert.True(source.Produced < 1_000_000);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        var source = new Tracked();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in ReadAhead.RunAsync(source.ItemsAsync(), 4, 2, cancellation.Token))
            {
                if (item == 5)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.True(source.Finished);
    }

    private static async IAsyncEnumerable<int> CountAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (i % 1000 == 0)
            {
                await Task.Yield();
            }

            yield return i;
        }
    }

    private static async IAsyncEnumerable<int> FailAfterAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return i;
        }

        throw new InvalidDataException($"row {count} is broken");
    }

    private sealed class Tracked
    {
        public bool Finished { get; private set; }

        public int Produced { get; private set; }

        public async IAsyncEnumerable<int> ItemsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                for (var i = 0; i < 1_000_000; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await Task.Yield();
                    Produced++;
                    yield return i;
                }
            }
            finally
            {
                Finished = true;
            }
        }
    }
}
