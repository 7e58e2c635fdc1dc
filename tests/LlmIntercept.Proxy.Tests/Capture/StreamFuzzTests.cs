using System.Text;
using LlmIntercept.Proxy.Capture;

namespace LlmIntercept.Proxy.Tests.Capture;

/// <summary>
/// Seeded fuzzing of the capture path (SSE parser, stream reassembler, record builder) with random bytes,
/// mutated recordings and hostile JSON, each cut into random reads. The properties: nothing throws, the
/// result never depends on how the bytes were cut, and every run ends (a hang fails the test at its deadline).
/// </summary>
public sealed class StreamFuzzTests
{
    private const int Iterations = 1_500;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private static readonly string[] Recordings =
        ["01.sse", "02.sse", "03a.sse", "04.sse", "06.sse", "08a.sse", "08c.sse", "12a.sse", "14.sse"];

    private static readonly string[] HostileData =
    [
        """{"choices":[{"index":2147483648,"delta":{"content":"x"}}]}""",
        """{"choices":[{"index":-1,"delta":{"tool_calls":[{"index":-5,"function":{"arguments":"{"}}]}}]}""",
        """{"choices":[{"index":1e308,"delta":{"tool_calls":[{"index":99999999999999999999}]}}]}""",
        """{"choices":[{"index":"0","delta":{"content":7,"role":[],"tool_calls":{"a":1}}}]}""",
        """{"choices":null,"usage":{"prompt_tokens":-1,"completion_tokens":1.5,"total_tokens":"9"}}""",
        """{"choices":[{"delta":null,"finish_reason":{"x":1}}],"id":5,"model":[]}""",
        """{"error":"plain string"}""",
        """{"object":"error","message":{"nested":true}}""",
        """[1,2,3]""",
        """"just a string\"""",
        """{"choices":[{"index":0,"delta":{"reasoning":{"a":1},"reasoning_content":null}}]}""",
        new string('[', 5_000) + new string(']', 5_000),
        "{\"choices\":[{\"delta\":{\"content\":\"\\ud800\"}}]}",
        "[DONE] trailing",
    ];

    [Fact]
    public Task RandomBytes_InRandomReads_NeverThrowAndDoNotDependOnTheCuts() => WithinDeadline(() =>
    {
        var random = new Random(20261204);
        for (var i = 0; i < Iterations; i++)
        {
            var bytes = new byte[random.Next(0, 3_000)];
            random.NextBytes(bytes);
            SprinkleSseSyntax(random, bytes);
            AssertCutInvariant(random, bytes);
        }
    });

    [Fact]
    public Task MutatedRecordings_InRandomReads_NeverThrowAndDoNotDependOnTheCuts() => WithinDeadline(() =>
    {
        var random = new Random(7);
        var recordings = Recordings.Select(CaseFiles.Bytes).ToArray();
        for (var i = 0; i < Iterations; i++)
        {
            var bytes = Mutate(random, recordings[random.Next(recordings.Length)]);
            AssertCutInvariant(random, bytes);
        }
    });

    [Fact]
    public Task HostileJsonEvents_NeverThrowAndAreCountedOrApplied() => WithinDeadline(() =>
    {
        var random = new Random(42);
        for (var i = 0; i < Iterations; i++)
        {
            var stream = new StringBuilder();
            for (var e = random.Next(1, 12); e > 0; e--)
            {
                stream.Append("data: ").Append(HostileData[random.Next(HostileData.Length)]).Append("\n\n");
            }

            AssertCutInvariant(random, Encoding.UTF8.GetBytes(stream.ToString()));
        }
    });

    [Fact]
    public Task RandomExchanges_BuildARecordWithoutThrowing() => WithinDeadline(() =>
    {
        var random = new Random(99);
        var builder = new RecordBuilder();
        var recordings = Recordings.Select(CaseFiles.Bytes).ToArray();
        for (var i = 0; i < Iterations; i++)
        {
            var request = random.Next(3) == 0
                ? RandomBytes(random, 500)
                : Encoding.UTF8.GetBytes("""{"model":"m","messages":[{"role":"user","content":"x"}],"tools":5,"stream":"yes"}""");
            var body = random.Next(2) == 0 ? Mutate(random, recordings[random.Next(recordings.Length)]) : RandomBytes(random, 2_000);
            using var exchange = new CapturedExchange
            {
                Timestamp = DateTimeOffset.UnixEpoch,
                RequestBody = request,
                StatusCode = random.Next(2) == 0 ? 200 : random.Next(100, 600),
                IsEventStream = random.Next(2) == 0,
                Failure = (TransportFailure)random.Next(Enum.GetValues<TransportFailure>().Length),
                ResponseHeaders = [],
            };
            exchange.Body.Limit = random.Next(0, 4_000);
            exchange.Body.Append(body);

            var (record, _) = builder.Build(exchange);
            Assert.NotNull(record.RequestBody);
        }
    });

    /// <summary>Feeds the bytes whole and in two random cuttings; the three results must be identical.</summary>
    private static void AssertCutInvariant(Random random, byte[] bytes)
    {
        var whole = Snapshot([bytes]);
        Assert.Equal(whole, Snapshot(Cut(random, bytes)));
        Assert.Equal(whole, Snapshot(Cut(random, bytes)));
    }

    private static byte[][] Cut(Random random, byte[] bytes)
    {
        var pieces = new List<byte[]>();
        var start = 0;
        while (start < bytes.Length)
        {
            var length = Math.Min(bytes.Length - start, random.Next(4) == 0 ? 1 : random.Next(1, 64));
            pieces.Add(bytes[start..(start + length)]);
            start += length;
        }

        return [.. pieces];
    }

    private static byte[] Mutate(Random random, byte[] original)
    {
        var bytes = new List<byte>(original);
        for (var m = random.Next(1, 8); m > 0 && bytes.Count > 0; m--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 40), bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(at, RandomBytes(random, 20));
                    break;
                case 3:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(random.Next(1, 200), bytes.Count - at)));
                    break;
                default:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(new[] { "\r", "\n", "\r\n", ":", "data:", "\n\n", "\"", "{", "}" }[random.Next(9)]));
                    break;
            }
        }

        return [.. bytes];
    }

    private static void SprinkleSseSyntax(Random random, byte[] bytes)
    {
        ReadOnlySpan<byte> syntax = "\r\n:d{\"}[] "u8;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (random.Next(4) == 0)
            {
                bytes[i] = syntax[random.Next(syntax.Length)];
            }
        }
    }

    private static byte[] RandomBytes(Random random, int most)
    {
        var bytes = new byte[random.Next(0, most)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Snapshot(byte[][] pieces)
    {
        var reassembler = new StreamReassembler();
        foreach (var piece in pieces)
        {
            reassembler.Feed(piece);
        }

        var response = reassembler.Complete();
        using var json = new PooledJson();
        response.WriteCompletion(json.Writer);
        return json.ToUtf8String()
            + $"|done={response.DoneReceived}|comments={response.KeepAliveCount}|malformed={response.MalformedEventCount}";
    }

    private static async Task WithinDeadline(Action run) => await Task.Run(run).WaitAsync(Deadline);
}
