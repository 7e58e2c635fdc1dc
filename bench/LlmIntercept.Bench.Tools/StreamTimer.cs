using System.Diagnostics;
using System.Net;
using System.Text;

namespace LlmIntercept.Bench.Tools;

/// <summary>
/// Times streamed chat completions one at a time: time to the first body byte and to the last, per target,
/// with the targets interleaved request by request so they share the same moments of machine load.
/// Prints one tab-separated line per target: name, TTFB p50 and p90, TTLB p50 and p90 (ms), samples.
/// </summary>
internal static class StreamTimer
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        "{\"model\":\"bench-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say something.\"}]}");

    public static async Task<int> RunAsync(ToolArguments arguments)
    {
        var targets = arguments.All("target").Select(ParseTarget).ToList();
        var requests = arguments.Int("requests", 40);
        var warmup = arguments.Int("warmup", 5);
        var buffer = new byte[16 * 1024];

        for (var i = 0; i < warmup + requests; i++)
        {
            for (var t = 0; t < targets.Count; t++)
            {
                var target = targets[(i + t) % targets.Count];
                var (ttfb, ttlb) = await TimeOneAsync(target, buffer);
                if (i >= warmup)
                {
                    target.FirstByte.Add(ttfb);
                    target.LastByte.Add(ttlb);
                }
            }
        }

        foreach (var target in targets)
        {
            Console.WriteLine(string.Join('\t', target.Name,
                Percentiles.Ms(Percentiles.Of(target.FirstByte, 50)), Percentiles.Ms(Percentiles.Of(target.FirstByte, 90)),
                Percentiles.Ms(Percentiles.Of(target.LastByte, 50)), Percentiles.Ms(Percentiles.Of(target.LastByte, 90)),
                target.FirstByte.Count));
            target.Client.Dispose();
        }

        return 0;
    }

    private static async Task<(double FirstByte, double LastByte)> TimeOneAsync(Target target, byte[] buffer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url)
        {
            Content = new ByteArrayContent(Body),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer sk-bench");

        var started = Stopwatch.GetTimestamp();
        using var response = await target.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        double? firstByte = null;
        while (await stream.ReadAsync(buffer) is var read && read > 0)
        {
            firstByte ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        return (firstByte ?? double.NaN, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static Target ParseTarget(string value)
    {
        var at = value.IndexOf('=', StringComparison.Ordinal);
        if (at < 1)
        {
            throw new ArgumentException($"--target must be name=url, not '{value}'");
        }

        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = 1,
        };
        return new Target(value[..at], new Uri(value[(at + 1)..]), new HttpClient(handler));
    }

    private sealed record Target(string Name, Uri Url, HttpClient Client)
    {
        public List<double> FirstByte { get; } = [];

        public List<double> LastByte { get; } = [];
    }
}
