using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using LlmIntercept.Testing;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace LlmIntercept.Proxy.Tests.Hosting;

/// <summary>
/// The proxy as a real process under steady load: stopped gracefully it keeps every record it answered; killed
/// with SIGKILL it leaves a consistent database and loses at most the records of one batch window.
/// </summary>
public sealed class ProcessFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Workers = 16;
    private const int BatchSize = 64;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(40);
    private const string Reply = """{"id":"r","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""";
    private FakeUpstream _upstream = null!;
    private string _folder = null!;

    private string DatabasePath => Path.Combine(_folder, "intercept.db");

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Enqueue(ScriptedResponse.Json(200, Reply));
        _folder = Directory.CreateTempSubdirectory("llm-intercept-process-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task GracefulStopUnderLoad_EveryAnsweredCallIsStored()
    {
        await using var proxy = await StartAsync();
        using var load = new Load(proxy.ChatCompletionsUri);
        await StoreOpenAsync(proxy);
        await load.WaitForAcceptedAsync(1_000);

        var queued = (await Storage.StoreHealth.ReadAsync(proxy.BaseUri)).QueueDepth;
        var stopping = Stopwatch.StartNew();
        proxy.Terminate();
        await proxy.WaitForExitAsync(TimeSpan.FromSeconds(60));
        stopping.Stop();
        var accepted = await load.StopAsync();

        var stored = ReadSessions(out var integrity);
        Assert.Equal("ok", integrity);
        var missing = accepted.Except(stored).ToList();
        output.WriteLine($"graceful stop: {accepted.Count} calls answered at {load.Rate:0} calls/s, "
            + $"{stored.Count} stored, {missing.Count} missing, {queued} queued at SIGTERM, stop took {stopping.ElapsedMilliseconds} ms");
        Assert.Empty(missing);
        Assert.Equal(0, proxy.ExitCode);
        Assert.DoesNotContain("dropped", proxy.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task KillMinus9UnderLoad_DatabaseIsConsistentAndLosesOnlyWhatWasInMemory()
    {
        await using var proxy = await StartAsync();
        using var load = new Load(proxy.ChatCompletionsUri);
        await StoreOpenAsync(proxy);
        await load.WaitForAcceptedAsync(2_000);

        var before = await Storage.StoreHealth.ReadAsync(proxy.BaseUri);
        var answeredAtHealth = load.Count;
        proxy.KillHard();
        var answeredBeforeKill = load.Snapshot();
        await proxy.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await load.StopAsync();

        var stored = ReadSessions(out var integrity);
        Assert.Equal("ok", integrity);
        var lost = answeredBeforeKill.Except(stored).Count();
        output.WriteLine($"kill -9: {answeredBeforeKill.Count} calls answered at {load.Rate:0} calls/s, "
            + $"{stored.Count} stored, {lost} answered but lost = {lost / load.Rate * 1000:0} ms of traffic; "
            + $"just before: {before.Written} written, {before.QueueDepth} queued");

        // Every record the writer had committed survives. What can be lost is what was in memory: the queue, the
        // batch being written, what was answered since, and calls answered but not yet queued (one per worker).
        Assert.True(stored.Count >= before.Written, $"{stored.Count} stored < {before.Written} written");
        Assert.InRange(lost, 0, before.QueueDepth + BatchSize + (answeredBeforeKill.Count - answeredAtHealth) + Workers);
    }

    /// <summary>
    /// Records taken before the store is open (the first seconds after a start) exist only in memory; the
    /// measurement starts once the writer has written.
    /// </summary>
    private static Task StoreOpenAsync(ProxyProcess proxy) =>
        Storage.StoreHealth.WaitForAsync(proxy.BaseUri, h => h.Written > 0, "a first written record");

    private Task<ProxyProcess> StartAsync() => ProxyProcess.StartAsync(
        _upstream.ChatCompletionsUri,
        DatabasePath,
        new Dictionary<string, string> { ["Proxy__BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture) });

    private HashSet<string> ReadSessions(out string integrity)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        integrity = (string)check.ExecuteScalar()!;

        using var select = connection.CreateCommand();
        select.CommandText = "SELECT session_id FROM llm_requests";
        var sessions = new HashSet<string>(StringComparer.Ordinal);
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            sessions.Add(reader.GetString(0));
        }

        return sessions;
    }

    /// <summary>
    /// <see cref="Workers"/> clients calling without pause, each call marked by a unique session id; a call counts
    /// as answered once its whole 200 response was read. Failed calls (the proxy going away) are not answered.
    /// </summary>
    private sealed class Load : IDisposable
    {
        private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = Workers });
        private readonly ConcurrentDictionary<string, byte> _answered = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task[] _workers;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _next;

        public Load(Uri target)
        {
            _workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(() => RunAsync(target))).ToArray();
        }

        public double Rate { get; private set; }

        public int Count => _answered.Count;

        public HashSet<string> Snapshot()
        {
            Rate = _answered.Count / _clock.Elapsed.TotalSeconds;
            return [.. _answered.Keys];
        }

        public async Task WaitForAcceptedAsync(int count)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
            while (_answered.Count < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.True(_answered.Count >= count, $"only {_answered.Count} calls answered");
        }

        public async Task<HashSet<string>> StopAsync()
        {
            if (Rate == 0)
            {
                Snapshot();
            }

            _stop.Cancel();
            await Task.WhenAll(_workers);
            return [.. _answered.Keys];
        }

        private async Task RunAsync(Uri target)
        {
            while (!_stop.IsCancellationRequested)
            {
                var session = "s-" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, target)
                    {
                        Content = new StringContent(
                            """{"model":"m","messages":[{"role":"user","content":"load"}]}""", Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Add("X-Intercept-Session", session);
                    using var response = await _http.SendAsync(request, _stop.Token);
                    await response.Content.ReadAsByteArrayAsync(_stop.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        _answered.TryAdd(session, 0);
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
                {
                    // The proxy is stopping or gone; such a call was never answered.
                }

                // Paced to a rate a loaded two-core machine writes as fast as it answers (about 16 x 25 a second).
                await Task.Delay(Pause);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _http.Dispose();
            _stop.Dispose();
        }
    }
}
