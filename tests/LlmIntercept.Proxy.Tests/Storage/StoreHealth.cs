using System.Text.Json;

namespace LlmIntercept.Proxy.Tests.Storage;

/// <summary>The proxy's <c>/health</c> answer, with the store check's data.</summary>
internal sealed record StoreHealth(
    string Status,
    bool Writable,
    long QueueDepth,
    long Written,
    long Failed,
    long Dropped,
    string? LastError)
{
    public static async Task<StoreHealth> ReadAsync(Uri proxy)
    {
        using var http = new HttpClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(proxy, "/health")));
        var root = document.RootElement;
        var data = root.GetProperty("checks").GetProperty("store").GetProperty("data");
        return new StoreHealth(
            root.GetProperty("status").GetString()!,
            data.GetProperty("store_writable").GetBoolean(),
            data.GetProperty("queue_depth").GetInt64(),
            data.GetProperty("records_written").GetInt64(),
            data.GetProperty("records_failed").GetInt64(),
            data.GetProperty("records_dropped").GetInt64(),
            data.TryGetProperty("last_error", out var error) ? error.GetString() : null);
    }

    /// <summary>Polls <c>/health</c> until <paramref name="condition"/> holds (generous deadline; never a speed test).</summary>
    public static async Task<StoreHealth> WaitForAsync(Uri proxy, Func<StoreHealth, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        StoreHealth health;
        do
        {
            health = await ReadAsync(proxy);
            if (condition(health))
            {
                return health;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"/health never showed {what}; last: {health}");
    }
}
