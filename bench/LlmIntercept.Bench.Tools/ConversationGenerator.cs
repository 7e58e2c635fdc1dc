using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmIntercept.Store;

namespace LlmIntercept.Bench.Tools;

/// <summary>
/// Makes plausible captured chat completions: a system prompt, one to four turns of user and assistant text
/// drawn from a few work domains, a model mix with its own latency, some streams, tool calls and errors.
/// Seeded, so two runs make the same store. Requests come in the order the proxy records them: each ends a
/// little after the one before (<paramref name="rows"/> of them spread evenly over the days up to
/// <paramref name="end"/>) and started its response time earlier, so slow replies start before faster ones
/// recorded ahead of them, as in a captured store.
/// </summary>
internal sealed class ConversationGenerator(int seed, DateTime end, int days, long rows)
{
    private static readonly (string Name, int Weight, double LatencyMs)[] Models =
    [
        ("openai/gpt-4o-mini", 30, 900), ("anthropic/claude-sonnet-4.5", 18, 2400), ("google/gemini-2.5-flash", 14, 700),
        ("meta-llama/llama-3.3-70b-instruct", 10, 1300), ("deepseek/deepseek-chat", 10, 1800),
        ("mistralai/mistral-small", 8, 600), ("openai/gpt-4.1", 6, 2000), ("qwen/qwen3-32b", 4, 1100),
    ];

    private static readonly string[] SystemPrompts =
    [
        "You are a helpful assistant for an online store. Answer briefly and politely.",
        "You are a senior software engineer. Explain your reasoning and show code when useful.",
        "You are a financial analyst. Be precise with numbers and state your assumptions.",
        "You translate text between languages, keeping the tone of the original.",
        "You are a support agent for a cloud hosting company. Ask for details when a request is unclear.",
    ];

    private static readonly string[][] Domains =
    [
        ["order", "invoice", "refund", "shipping", "delay", "customer", "address", "payment", "card", "discount",
         "warehouse", "tracking", "return", "package", "delivery", "coupon", "subscription", "cancel"],
        ["kubernetes", "deployment", "container", "postgres", "index", "query", "latency", "memory", "leak", "thread",
         "retry", "backoff", "timeout", "cache", "unit", "test", "refactor", "exception", "logging", "migration"],
        ["quarterly", "forecast", "revenue", "margin", "budget", "expense", "growth", "cash", "flow", "valuation",
         "spreadsheet", "variance", "audit", "tax", "portfolio", "interest", "rate"],
        ["translate", "spanish", "french", "german", "japanese", "sentence", "tone", "formal", "letter", "email",
         "paragraph", "idiom", "grammar", "meaning"],
        ["password", "reset", "account", "login", "server", "outage", "dns", "certificate", "backup", "restore",
         "firewall", "bandwidth", "domain", "email", "billing", "upgrade", "plan"],
    ];

    private static readonly string[] Glue =
        ["the", "a", "my", "our", "is", "was", "not", "with", "for", "after", "when", "why", "how", "can", "you", "please",
         "it", "and", "but", "this", "that", "still", "again", "since", "yesterday", "today", "should", "we", "i"];

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Random _random = new(seed);
    private readonly int _totalWeight = Models.Sum(m => m.Weight);
    private readonly long _spanTicks = TimeSpan.FromDays(days).Ticks;
    private long _sequence;

    public LlmRequest Next()
    {
        var (model, latency) = PickModel();
        var domain = _random.Next(Domains.Length);
        var turns = _random.Next(100) switch { < 60 => 1, < 85 => 2, < 95 => 3, _ => 4 };
        var messages = new List<(string Role, string Content)> { ("system", SystemPrompts[domain]) };
        for (var t = 0; t < turns; t++)
        {
            messages.Add(("user", Sentence(domain, 8, 40) + "?"));
            if (t < turns - 1)
            {
                messages.Add(("assistant", Sentence(domain, 20, 90) + "."));
            }
        }

        var failed = _random.Next(100) < 3;
        var stream = _random.Next(100) < 40;
        var toolCall = !failed && domain == 0 && _random.Next(100) < 25;
        var reply = failed ? null : Sentence(domain, 20, 120) + ".";
        var promptTokens = messages.Sum(m => m.Content.Length) / 4 + 8;
        var completionTokens = reply is null ? 0 : reply.Length / 4 + 1;
        var id = $"chatcmpl-{seed:x}{Interlocked.Increment(ref _sequence):x8}";
        var responseTime = latency * (0.4 + _random.NextDouble() * 1.4) + completionTokens * 4;

        var record = new LlmRequest
        {
            Timestamp = end.AddTicks(-_spanTicks + (long)((double)_sequence / Math.Max(1, rows) * _spanTicks))
                .AddMilliseconds(-responseTime),
            Model = model,
            ApiKeyHash = $"hmac-bench-{_random.Next(12):x2}",
            Temperature = _random.Next(3) == 0 ? null : Math.Round(_random.NextDouble(), 1),
            MaxTokens = _random.Next(4) == 0 ? 1024 : null,
            Stream = stream,
            RequestBody = RequestJson(model, stream, messages),
            ResponseTimeMs = Math.Round(responseTime, 1),
            TimeToFirstByteMs = Math.Round(responseTime * 0.2, 1),
            Tags = _random.Next(5) == 0 ? ",bench,support," : "",
            SessionId = _random.Next(3) == 0 ? $"session-{_random.Next(5000)}" : null,
            UpstreamUrl = "https://openrouter.ai/api/v1/chat/completions",
            ResponseHeaders = "{\"content-type\":\"application/json\"}",
            KeepAliveCount = 0,
        };

        if (failed)
        {
            record.Status = RequestStatus.Error;
            record.Outcome = RequestOutcome.UpstreamError;
            record.StatusCode = _random.Next(2) == 0 ? 429 : 500;
            record.Error = "{\"message\":\"Rate limit exceeded\",\"type\":\"rate_limit_error\"}";
            record.Messages = MessagesJson(messages, null, null);
            return record;
        }

        var toolCalls = toolCall
            ? $"[{{\"id\":\"call_{id[^6..]}\",\"type\":\"function\",\"function\":{{\"name\":\"lookup_order\","
              + $"\"arguments\":\"{{\\\"order_id\\\":\\\"{_random.Next(100000, 999999)}\\\"}}\"}}}}]"
            : null;
        record.Status = RequestStatus.Ok;
        record.Outcome = RequestOutcome.Complete;
        record.StatusCode = 200;
        record.FinishReason = toolCall ? "tool_calls" : "stop";
        record.Messages = MessagesJson(messages, reply, toolCalls);
        record.ToolCalls = toolCalls;
        record.HasToolCalls = toolCall;
        record.Tools = toolCall
            ? "[{\"type\":\"function\",\"function\":{\"name\":\"lookup_order\",\"parameters\":{\"type\":\"object\"}}}]"
            : null;
        var message = AssistantJson(reply, toolCalls);
        record.Choices = $"[{{\"index\":0,\"message\":{message},\"finish_reason\":\"{record.FinishReason}\"}}]";
        record.Usage = $"{{\"prompt_tokens\":{promptTokens},\"completion_tokens\":{completionTokens},"
            + $"\"total_tokens\":{promptTokens + completionTokens}}}";
        record.PromptTokens = promptTokens;
        record.CompletionTokens = completionTokens;
        record.TotalTokens = promptTokens + completionTokens;
        record.ResponseId = id;
        record.ResponseModel = model;
        record.Response = $"{{\"id\":\"{id}\",\"object\":\"chat.completion\",\"model\":\"{model}\",\"choices\":"
            + $"{record.Choices},\"usage\":{record.Usage}}}";
        record.DoneReceived = stream ? true : null;
        return record;
    }

    private (string Name, double LatencyMs) PickModel()
    {
        var pick = _random.Next(_totalWeight);
        foreach (var (name, weight, latency) in Models)
        {
            if ((pick -= weight) < 0)
            {
                return (name, latency);
            }
        }

        return (Models[0].Name, Models[0].LatencyMs);
    }

    private string Sentence(int domain, int min, int max)
    {
        var words = Domains[domain];
        var count = _random.Next(min, max);
        var builder = new StringBuilder(count * 7);
        for (var i = 0; i < count; i++)
        {
            builder.Append(i == 0 ? "" : " ");
            builder.Append(_random.Next(3) == 0 ? words[_random.Next(words.Length)] : Glue[_random.Next(Glue.Length)]);
        }

        builder[0] = char.ToUpperInvariant(builder[0]);
        return builder.ToString();
    }

    private static string RequestJson(string model, bool stream, List<(string Role, string Content)> messages) =>
        Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            writer.WriteBoolean("stream", stream);
            WriteMessages(writer, "messages", messages);
            writer.WriteEndObject();
        });

    private static string MessagesJson(List<(string Role, string Content)> messages, string? reply, string? toolCalls) =>
        Json(writer =>
        {
            writer.WriteStartArray();
            WriteMessageList(writer, messages);
            if (reply is not null)
            {
                writer.WriteRawValue(AssistantJson(reply, toolCalls));
            }

            writer.WriteEndArray();
        });

    private static string AssistantJson(string? reply, string? toolCalls) => Json(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("role", "assistant");
        writer.WriteString("content", reply);
        if (toolCalls is not null)
        {
            writer.WritePropertyName("tool_calls");
            writer.WriteRawValue(toolCalls);
        }

        writer.WriteEndObject();
    });

    private static void WriteMessages(Utf8JsonWriter writer, string name, List<(string Role, string Content)> messages)
    {
        writer.WriteStartArray(name);
        WriteMessageList(writer, messages);
        writer.WriteEndArray();
    }

    private static void WriteMessageList(Utf8JsonWriter writer, List<(string Role, string Content)> messages)
    {
        foreach (var (role, content) in messages)
        {
            writer.WriteStartObject();
            writer.WriteString("role", role);
            writer.WriteString("content", content);
            writer.WriteEndObject();
        }
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream(512);
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
