using System.Diagnostics;
using System.Diagnostics.Metrics;
using LlmIntercept.Proxy.Capture;
using LlmIntercept.Store;

namespace LlmIntercept.Proxy.Telemetry;

/// <summary>
/// The proxy's spans and metrics, following the OpenTelemetry GenAI semantic conventions so the Aspire
/// dashboard shows each call as a chat operation. No key or password is ever put on a span or a metric, and no
/// prompt or reply text either, unless <c>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true</c> (the switch
/// other GenAI instrumentations read) asks for the messages on the span.
/// </summary>
internal sealed class ProxyTelemetry : IDisposable
{
    public const string SourceName = "LlmIntercept.Proxy";
    public const string CaptureMessageContentKey = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

    // The bucket boundaries the GenAI metric conventions give for these histograms.
    private static readonly long[] TokenBuckets =
        [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    private static readonly double[] SecondsBuckets =
        [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    private readonly ActivitySource _source = new(SourceName);
    private readonly Meter _meter;
    private readonly Histogram<long> _tokenUsage;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _timeToFirstChunk;
    private readonly Counter<long> _queued;
    private readonly Counter<long> _written;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dropped;
    private readonly bool _captureMessageContent;

    public ProxyTelemetry(IMeterFactory meterFactory, IConfiguration configuration)
    {
        _captureMessageContent = configuration.GetValue<bool>(CaptureMessageContentKey);
        _meter = meterFactory.Create(SourceName);
        _tokenUsage = _meter.CreateHistogram(
            "gen_ai.client.token.usage", "{token}", "Tokens used by proxied chat completions.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
        _duration = _meter.CreateHistogram(
            "gen_ai.client.operation.duration", "s", "Duration of proxied chat completions.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _timeToFirstChunk = _meter.CreateHistogram(
            "gen_ai.client.operation.time_to_first_chunk", "s", "Time until the first chunk of a streamed reply.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _queued = _meter.CreateCounter<long>("llm_intercept.capture.records.queued", "{record}");
        _written = _meter.CreateCounter<long>("llm_intercept.capture.records.written", "{record}");
        _failed = _meter.CreateCounter<long>("llm_intercept.capture.records.failed", "{record}",
            "Records whose write failed (they are retried).");
        _dropped = _meter.CreateCounter<long>("llm_intercept.capture.records.dropped", "{record}",
            "Records given up on: the queue was full, or the store stayed down past shutdown.");
    }

    private long _queuedTotal;
    private long _writtenTotal;
    private long _failedTotal;
    private long _droppedTotal;

    public long Queued => Interlocked.Read(ref _queuedTotal);

    public long Written => Interlocked.Read(ref _writtenTotal);

    public long Failed => Interlocked.Read(ref _failedTotal);

    public long Dropped => Interlocked.Read(ref _droppedTotal);

    public Activity? StartChat(string providerName, UriInfo server)
    {
        var activity = _source.StartActivity("chat", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", "chat");
            activity.SetTag("gen_ai.provider.name", providerName);
            activity.SetTag("server.address", server.Host);
            activity.SetTag("server.port", server.Port);
        }

        return activity;
    }

    public void Complete(
        Activity? activity,
        LlmRequest record,
        CapturedResponse response,
        CapturedExchange exchange,
        string providerName,
        UriInfo server)
    {
        var tags = new TagList
        {
            { "gen_ai.operation.name", "chat" },
            { "gen_ai.provider.name", providerName },
            { "gen_ai.request.model", record.Model },
            { "gen_ai.response.model", record.ResponseModel },
            { "server.address", server.Host },
            { "server.port", server.Port },
        };
        if (record.Status != RequestStatus.Ok)
        {
            tags.Add("error.type", record.Outcome);
        }

        _duration.Record(exchange.Elapsed.TotalSeconds, tags);

        // The conventions ask for this one on streamed calls only.
        var firstChunk = record.Stream ? exchange.TimeToFirstByte : null;
        if (firstChunk is { } ttfc)
        {
            _timeToFirstChunk.Record(ttfc.TotalSeconds, tags);
        }

        RecordTokens(record.PromptTokens, "input", tags);
        RecordTokens(record.CompletionTokens, "output", tags);
        if (activity is { IsAllDataRequested: true })
        {
            Describe(activity, record, response, firstChunk);
        }
    }

    /// <summary>Records one token count; <paramref name="tags"/> is a copy, so the type added here stays here.</summary>
    private void RecordTokens(int? count, string type, TagList tags)
    {
        if (count is { } value)
        {
            tags.Add("gen_ai.token.type", type);
            _tokenUsage.Record(value, tags);
        }
    }

    private void Describe(Activity activity, LlmRequest record, CapturedResponse response, TimeSpan? firstChunk)
    {
        activity.DisplayName = record.Model is null ? "chat" : $"chat {record.Model}";
        activity.SetTag("gen_ai.request.model", record.Model);
        activity.SetTag("gen_ai.request.temperature", record.Temperature);
        activity.SetTag("gen_ai.request.max_tokens", record.MaxTokens);
        activity.SetTag("gen_ai.request.top_p", record.TopP);
        activity.SetTag("gen_ai.request.frequency_penalty", record.FrequencyPenalty);
        activity.SetTag("gen_ai.request.presence_penalty", record.PresencePenalty);
        activity.SetTag("gen_ai.response.model", record.ResponseModel);
        activity.SetTag("gen_ai.response.id", record.ResponseId);
        var finishReasons = response.Choices.Values.Select(c => c.FinishReason).OfType<string>().ToArray();
        if (finishReasons.Length > 0)
        {
            activity.SetTag("gen_ai.response.finish_reasons", finishReasons);
        }

        activity.SetTag("gen_ai.response.time_to_first_chunk", firstChunk?.TotalSeconds);
        activity.SetTag("gen_ai.usage.input_tokens", record.PromptTokens);
        activity.SetTag("gen_ai.usage.output_tokens", record.CompletionTokens);
        activity.SetTag("http.response.status_code", record.StatusCode);
        activity.SetTag("llm_intercept.outcome", record.Outcome);
        activity.SetTag("llm_intercept.stream", record.Stream);
        if (record.Status != RequestStatus.Ok)
        {
            activity.SetTag("error.type", record.Outcome);
            activity.SetStatus(ActivityStatusCode.Error);
        }

        if (_captureMessageContent)
        {
            activity.SetTag("gen_ai.input.messages", GenAiMessages.Input(record.RequestBody));
            activity.SetTag("gen_ai.output.messages", GenAiMessages.Output(record.Choices));
        }
    }

    public void RecordQueued()
    {
        Interlocked.Increment(ref _queuedTotal);
        _queued.Add(1);
    }

    public void RecordWritten(int count)
    {
        Interlocked.Add(ref _writtenTotal, count);
        _written.Add(count);
    }

    public void RecordFailed(int count)
    {
        Interlocked.Add(ref _failedTotal, count);
        _failed.Add(count);
    }

    public void RecordDropped(int count)
    {
        Interlocked.Add(ref _droppedTotal, count);
        _dropped.Add(count);
    }

    public void Dispose()
    {
        _source.Dispose();
        _meter.Dispose();
    }
}

/// <summary>The upstream's host and port, for <c>server.*</c> attributes.</summary>
internal readonly record struct UriInfo(string Host, int Port);
