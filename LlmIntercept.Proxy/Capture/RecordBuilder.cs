using System.Text;
using System.Text.Json;
using LlmIntercept.Proxy.Forwarding;
using LlmIntercept.Store;

namespace LlmIntercept.Proxy.Capture;

/// <summary>
/// Turns a finished exchange into the <c>llm_requests</c> row. Streams are reassembled into the same shape a
/// plain response has, so both store the same message, finish reason and usage.
/// </summary>
internal sealed class RecordBuilder
{
    public (LlmRequest Record, CapturedResponse Response) Build(CapturedExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);

        var response = ParseResponse(exchange);
        using var requestDocument = TryParse(exchange.RequestBody);
        var fields = RequestFields.Read(requestDocument);
        var outcome = OutcomeClassifier.Classify(exchange, response);
        var first = response.FirstChoice;

        var record = new LlmRequest
        {
            Timestamp = exchange.Timestamp.UtcDateTime,
            Model = Truncate(fields.Model ?? response.Model, 256),
            Temperature = fields.Temperature,
            MaxTokens = fields.MaxTokens,
            TopP = fields.TopP,
            FrequencyPenalty = fields.FrequencyPenalty,
            PresencePenalty = fields.PresencePenalty,
            Stream = fields.Stream || exchange.IsEventStream,
            Messages = BuildMessages(fields.Messages, first),
            Functions = fields.Functions,
            FunctionCall = fields.FunctionCall,
            Tools = fields.Tools,
            ToolChoice = fields.ToolChoice,
            Response = BuildResponse(exchange, response),
            ResponseTimeMs = exchange.Elapsed.TotalMilliseconds,
            ToolCalls = first is { Message.HasToolCalls: true } ? WriteJson(first.Message.WriteToolCalls) : null,
            Status = RequestOutcome.IsOk(outcome) ? RequestStatus.Ok : RequestStatus.Error,
            StatusCode = exchange.StatusCode ?? exchange.ProxyStatusCode,
            Error = BuildError(exchange, response, outcome),
            RequestBody = Encoding.UTF8.GetString(exchange.RequestBody.Span),
            ResponseBody = exchange.IsEventStream ? Encoding.UTF8.GetString(exchange.Body.Memory.Span) : null,
            Choices = response.Choices.Count == 0 ? null : WriteJson(response.WriteChoices),
            FinishReason = first?.FinishReason,
            Reasoning = first?.Message.Reasoning?.ToString(),
            ReasoningField = first?.Message.ReasoningField,
            Outcome = outcome,
            Usage = response.UsageJson,
            TimeToFirstByteMs = exchange.TimeToFirstByte?.TotalMilliseconds,
            ResponseId = response.Id,
            ResponseModel = response.Model,
            DoneReceived = exchange.IsEventStream ? response.DoneReceived : null,
            KeepAliveCount = response.KeepAliveCount,
            StreamMetadata = BuildMetadata(exchange, response),
            ResponseHeaders = BuildHeaders(exchange.ResponseHeaders),
            HasToolCalls = response.Choices.Values.Any(c => c.Message.HasToolCalls || c.Message.FunctionCall is not null),
            ToolArgumentsValid = response.Choices.Values.All(c => c.Message.ToolArgumentsAreJson()),
            CaptureTruncated = exchange.Body.Truncated,
            UpstreamUrl = exchange.UpstreamUrl,
            Tags = TagHeader.Normalize(exchange.Tags),
            SessionId = exchange.SessionId,
        };
        UsageTokens.Apply(record, response.UsageJson);
        return (record, response);
    }

    private static string? Truncate(string? value, int length) =>
        value is null || value.Length <= length ? value : value[..length];

    private static CapturedResponse ParseResponse(CapturedExchange exchange)
    {
        if (!exchange.IsEventStream)
        {
            return ResponseBodyParser.Parse(exchange.Body.Memory);
        }

        var reassembler = new StreamReassembler();
        reassembler.Feed(exchange.Body.Memory.Span);
        return reassembler.Complete();
    }

    private static JsonDocument? TryParse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return body.IsEmpty ? null : JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The request's messages with the first choice's assistant message appended, as the original tool did.</summary>
    private static string? BuildMessages(JsonElement? messages, CapturedChoice? first)
    {
        var reply = first is { Message.IsEmpty: false } ? first.Message : null;
        if (messages is null && reply is null)
        {
            return null;
        }

        return WriteJson(writer =>
        {
            writer.WriteStartArray();
            foreach (var message in messages?.EnumerateArray() ?? default)
            {
                JsonText.WriteRaw(writer, message);
            }

            reply?.WriteTo(writer);
            writer.WriteEndArray();
        });
    }

    private static string? BuildResponse(CapturedExchange exchange, CapturedResponse response)
    {
        if (exchange.IsEventStream)
        {
            return WriteJson(response.WriteCompletion);
        }

        return exchange.Body.Length == 0 ? null : Encoding.UTF8.GetString(exchange.Body.Memory.Span);
    }

    private static string? BuildError(CapturedExchange exchange, CapturedResponse response, string outcome)
    {
        if (response.ErrorJson is not null)
        {
            return response.ErrorJson;
        }

        if (exchange.FailureMessage is not null)
        {
            return ProxyError.Json(exchange.FailureMessage, FailureType(exchange.Failure));
        }

        return outcome switch
        {
            RequestOutcome.UpstreamError when !response.Parsed => ProxyError.Json(
                $"The upstream answered {exchange.StatusCode} with a body that is not JSON.", "invalid_upstream_body"),
            RequestOutcome.UpstreamError => ProxyError.Json(
                $"The upstream answered {exchange.StatusCode}.", "upstream_error"),
            RequestOutcome.Truncated when exchange.IsEventStream && response.FirstChoice?.FinishReason is null =>
                ProxyError.Json("The stream ended without a finish reason.", "truncated"),
            _ => null,
        };
    }

    private static string FailureType(TransportFailure failure) => failure switch
    {
        TransportFailure.UpstreamUnreachable => "upstream_unreachable",
        TransportFailure.UpstreamTimeout => "upstream_timeout",
        TransportFailure.UpstreamReset => "upstream_reset",
        TransportFailure.UpstreamStalled => "upstream_stalled",
        TransportFailure.ClientAborted => "client_aborted",
        _ => "proxy_error",
    };

    private static string? BuildMetadata(CapturedExchange exchange, CapturedResponse response)
    {
        var annotated = response.Choices.Values.Where(c => c.Annotations is not null).ToList();
        if (!exchange.IsEventStream && response.PromptFilterResults is null && annotated.Count == 0)
        {
            return null;
        }

        return WriteJson(writer =>
        {
            writer.WriteStartObject();
            if (exchange.IsEventStream)
            {
                writer.WriteBoolean("done_received", response.DoneReceived);
                writer.WriteNumber("keepalive_comments", response.KeepAliveCount);
                writer.WriteNumber("malformed_events", response.MalformedEventCount);
                writer.WriteBoolean("usage_reported", response.UsageJson is not null);
            }

            WriteRawList(writer, "prompt_filter_results", response.PromptFilterResults);
            if (annotated.Count > 0)
            {
                writer.WriteStartObject("choice_annotations");
                foreach (var choice in annotated)
                {
                    WriteRawList(writer, choice.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), choice.Annotations);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });
    }

    private static void WriteRawList(Utf8JsonWriter writer, string name, List<string>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteRawValue(value, skipInputValidation: true);
        }

        writer.WriteEndArray();
    }

    private static string? BuildHeaders(IReadOnlyList<KeyValuePair<string, string>>? headers)
    {
        if (headers is null || headers.Count == 0)
        {
            return null;
        }

        return WriteJson(writer =>
        {
            writer.WriteStartObject();
            foreach (var (name, value) in headers)
            {
                writer.WriteString(name.ToLowerInvariant(), value);
            }

            writer.WriteEndObject();
        });
    }

    private static string WriteJson(Action<Utf8JsonWriter> write)
    {
        using var json = new PooledJson();
        write(json.Writer);
        return json.ToUtf8String();
    }
}
