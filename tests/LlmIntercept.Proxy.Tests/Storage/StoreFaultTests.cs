using System.Net;
using System.Text;
using LlmIntercept.Testing;

namespace LlmIntercept.Proxy.Tests.Storage;

/// <summary>
/// The store fails under a running proxy (locked by another process, read-only, full, deleted): calls keep
/// being answered, the failure is logged, counted and shown by <c>/health</c>, and the queued records are written
/// once the store recovers; past the queue's capacity records are dropped and counted.
/// </summary>
public sealed class StoreFaultTests : IAsyncLifetime
{
    private const string Reply = """{"id":"r","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""";
    private readonly CapturedLogs _logs = new();
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Enqueue(ScriptedResponse.Json(200, Reply));
    }

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task LockedByAnotherProcess_CallsGoOnAndRecordsAreWrittenOnceItLetsGo()
    {
        await using var proxy = await StartProxyAsync();
        await CallAsync(proxy, "before");
        await proxy.WaitForRecordsAsync(1);
        var path = proxy.Database.SqlitePath!;

        await using (var holder = await SqliteLockHolder.AcquireAsync(path))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.OK, await CallAsync(proxy, $"locked-{i}"));
            }

            var failing = await StoreHealth.WaitForAsync(proxy.BaseUri, h => !h.Writable, "a failing store");
            Assert.Equal("degraded", failing.Status);
            Assert.Contains("locked", failing.LastError);
            Assert.True(failing.Failed >= 1);
            Assert.Equal(1, failing.Written);
            await holder.ReleaseAsync();
        }

        var records = await proxy.WaitForRecordsAsync(4, TimeSpan.FromSeconds(60));
        Assert.Equal(["before", "locked-0", "locked-1", "locked-2"], records.Select(Marker));
        // The counter follows the commit, so it may lag the rows by a moment.
        var healed = await StoreHealth.WaitForAsync(proxy.BaseUri, h => h.Writable && h.Written == 4, "4 written");
        Assert.Equal(("healthy", 0L), (healed.Status, healed.Dropped));
        Assert.True(_logs.Has("CaptureWriteFailed"));
    }

    [Fact]
    public async Task ReadOnlyFileSystem_CallsGoOnAndRecordsAreWrittenWhenWritableAgain()
    {
        using var disk = SmallFileSystem.Mount(megabytes: 16);
        await using (var first = await StartProxyAsync(disk.DatabaseUrl))
        {
            await CallAsync(first, "before");
            await first.WaitForRecordsAsync(1);
        }

        // A file system with files open for writing cannot turn read-only, so the proxy starts on it read-only.
        disk.MakeReadOnly();
        await using var proxy = await StartProxyAsync(disk.DatabaseUrl);
        Assert.Equal(HttpStatusCode.OK, await CallAsync(proxy, "read-only-0"));
        var failing = await StoreHealth.WaitForAsync(proxy.BaseUri, h => !h.Writable, "a failing store");
        Assert.Equal("degraded", failing.Status);
        Assert.Equal(HttpStatusCode.OK, await CallAsync(proxy, "read-only-1"));
        Assert.Equal(0, (await proxy.ReadRecordsAsync()).Count(r => r.RequestBody!.Contains("read-only", StringComparison.Ordinal)));
        disk.MakeWritable();

        var records = await proxy.WaitForRecordsAsync(3, TimeSpan.FromSeconds(60));
        Assert.Equal(["before", "read-only-0", "read-only-1"], records.Select(Marker));
        Assert.True(_logs.Has("StoreInitFailed") || _logs.Has("CaptureWriteFailed"));
        Assert.Equal(0, (await StoreHealth.ReadAsync(proxy.BaseUri)).Dropped);
    }

    [Fact]
    public async Task DiskFull_QueueHoldsUpToItsCapacity_TheRestIsDroppedAndCounted_QueuedOnesAreWrittenLater()
    {
        using var disk = SmallFileSystem.Mount(megabytes: 8);
        await using var proxy = await StartProxyAsync(disk.DatabaseUrl, queueCapacity: 5);
        await CallAsync(proxy, "before");
        await proxy.WaitForRecordsAsync(1);

        disk.Fill();
        // The first record becomes the batch being retried; only then do the next ones wait in the queue.
        Assert.Equal(HttpStatusCode.OK, await CallAsync(proxy, "full-0"));
        await StoreHealth.WaitForAsync(proxy.BaseUri, h => !h.Writable, "a failing store");
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await CallAsync(proxy, $"full-{i}"));
        }

        for (var i = 6; i <= 8; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await CallAsync(proxy, $"dropped-{i}"));
        }

        var full = await StoreHealth.ReadAsync(proxy.BaseUri);
        Assert.Equal((false, 5L, 3L, 1L), (full.Writable, full.QueueDepth, full.Dropped, full.Written));
        Assert.Contains(_logs.Lines, l => l.EventName == "CaptureDropped" && l.Level == Microsoft.Extensions.Logging.LogLevel.Error);

        disk.Free();
        var records = await proxy.WaitForRecordsAsync(7, TimeSpan.FromSeconds(60));
        Assert.Equal(["before", "full-0", "full-1", "full-2", "full-3", "full-4", "full-5"], records.Select(Marker));
        var healed = await StoreHealth.WaitForAsync(proxy.BaseUri, h => h.Writable && h.Written == 7, "7 written");
        Assert.Equal((7L, 3L), (healed.Written, healed.Dropped));
    }

    [Fact]
    public async Task FileDeletedWhileRunning_IsCreatedAgainAndLaterRecordsLandInIt()
    {
        await using var proxy = await StartProxyAsync();
        await CallAsync(proxy, "before");
        await proxy.WaitForRecordsAsync(1);
        var path = proxy.Database.SqlitePath!;

        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        Assert.Equal(HttpStatusCode.OK, await CallAsync(proxy, "after-0"));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(proxy, "after-1"));

        var records = await proxy.WaitForRecordsAsync(2, TimeSpan.FromSeconds(60));
        Assert.True(File.Exists(path));
        Assert.Equal(["after-0", "after-1"], records.Select(Marker));
        Assert.True(_logs.Has("StoreFileMissing"));
    }

    private Task<ProxyFixture> StartProxyAsync(string? databaseUrl = null, int queueCapacity = 100)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Proxy:StoreBusyTimeout"] = "00:00:01",
            ["Proxy:QueueCapacity"] = queueCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (databaseUrl is not null)
        {
            settings["DATABASE_URL"] = databaseUrl;
        }

        return ProxyFixture.StartAsync(_upstream.ChatCompletionsUri, settings, _logs);
    }

    /// <summary>
    /// One call whose request body carries <paramref name="marker"/>, to find its record again. Each call has its
    /// own connection, closed as soon as the answer is in: the client is gone while its record waits in the queue.
    /// </summary>
    private static async Task<HttpStatusCode> CallAsync(ProxyFixture proxy, string marker)
    {
        var body = $$"""{"model":"m","messages":[{"role":"user","content":"{{marker}}"}]}""";
        using var http = new HttpClient();
        using var response = await http.PostAsync(
            proxy.ChatCompletionsUri, new StringContent(body, Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    private static string Marker(LlmIntercept.Store.LlmRequest record)
    {
        using var document = System.Text.Json.JsonDocument.Parse(record.RequestBody!);
        return document.RootElement.GetProperty("messages")[0].GetProperty("content").GetString()!;
    }
}
