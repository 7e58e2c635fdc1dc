using System.Text;

namespace LlmIntercept.Bench.Mock;

/// <summary>Every byte the mock sends, built once at start so a request costs no formatting.</summary>
internal sealed class MockResponses
{
    private const string Identity =
        "\"id\":\"chatcmpl-bench\",\"created\":1764806400,\"model\":\"bench-model\",\"system_fingerprint\":\"fp_bench\"";

    public MockResponses(MockOptions options)
    {
        var words = Enumerable.Range(0, options.Events).Select(i => $"token{i} ").ToArray();
        var usage = $"{{\"prompt_tokens\":42,\"completion_tokens\":{options.Events},"
            + $"\"total_tokens\":{42 + options.Events}}}";
        Completion = Encoding.UTF8.GetBytes(
            $"{{{Identity},\"object\":\"chat.completion\",\"choices\":[{{\"index\":0,\"message\":{{\"role\":\"assistant\","
            + $"\"content\":\"{string.Concat(words).TrimEnd()}\",\"refusal\":null}},\"logprobs\":null,"
            + $"\"finish_reason\":\"stop\"}}],\"usage\":{usage}}}");

        var events = new List<byte[]> { Chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null") };
        events.AddRange(words.Select(w => Chunk($"{{\"content\":\"{w}\"}}", "null")));
        events.Add(Chunk("{}", "\"stop\""));
        events.Add(Event($"{{{Identity},\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{usage}}}"));
        events.Add(Encoding.UTF8.GetBytes("data: [DONE]\n\n"));
        StreamEvents = events;
    }

    /// <summary>The plain chat.completion body.</summary>
    public byte[] Completion { get; }

    /// <summary>The stream: role chunk, one chunk per content event, finish chunk, usage chunk, [DONE].</summary>
    public IReadOnlyList<byte[]> StreamEvents { get; }

    private static byte[] Chunk(string delta, string finishReason) => Event(
        $"{{{Identity},\"object\":\"chat.completion.chunk\",\"choices\":[{{\"index\":0,\"delta\":{delta},"
        + $"\"finish_reason\":{finishReason}}}]}}");

    private static byte[] Event(string json) => Encoding.UTF8.GetBytes("data: " + json + "\n\n");
}
