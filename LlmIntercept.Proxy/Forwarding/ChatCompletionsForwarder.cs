using System.Buffers;
using System.Diagnostics;
using LlmIntercept.Proxy.Capture;
using LlmIntercept.Proxy.Configuration;
using LlmIntercept.Proxy.Storage;
using LlmIntercept.Proxy.Telemetry;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Proxy.Forwarding;

/// <summary>
/// Forwards <c>POST /v1/chat/completions</c> to the configured upstream and captures the exchange.
/// </summary>
/// <remarks>
/// Steps: (1) read and check the request body; (2) build the upstream request from the client's headers and
/// the unchanged body; (3) send it and wait for the response headers; (4) relay status, headers and every body
/// byte as it arrives, flushed, while copying the bytes aside; (5) finish the client's response, then build the
/// record from the copy and queue it. Step 5 never throws into the call and never waits for the store.
/// </remarks>
internal sealed partial class ChatCompletionsForwarder(
    UpstreamTargetProvider targets,
    HttpMessageInvoker invoker,
    CaptureQueue queue,
    RecordBuilder builder,
    ProxyTelemetry telemetry,
    IOptions<ProxyOptions> options,
    TimeProvider time,
    ILogger<ChatCompletionsForwarder> logger)
{
    private const int RelayBufferSize = 16 * 1024;

    private readonly ProxyOptions _options = options.Value;

    public async Task ForwardAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        var timestamp = time.GetUtcNow();
        var aborted = context.RequestAborted;
        var target = targets.Current;

        // (1) Read and check the body. The size limit is ours (a clear 413), not the server's.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = null;
        }

        RequestBody body;
        try
        {
            body = await RequestBodyReader.ReadAsync(context.Request, _options.MaxRequestBodyBytes, aborted);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException
            or BadHttpRequestException)
        {
            LogRequestBodyFailed(logger, exception.Message);
            return;
        }

        if (!body.IsValid)
        {
            LogRejected(logger, body.StatusCode, body.Error!);
            await WriteErrorAsync(context, body.StatusCode, body.Error!, "invalid_request_error");
            return;
        }

        using var activity = telemetry.StartChat(target.ProviderName, target.Server);
        using var exchange = new CapturedExchange
        {
            Timestamp = timestamp,
            RequestBody = body.Memory,
            ApiKey = HeaderRules.ReadApiKey(context.Request.Headers),
            UpstreamUrl = target.DisplayUrl,
            Tags = context.Request.Headers[HeaderRules.TagsHeader].ToString(),
            SessionId = NullIfEmpty(context.Request.Headers[HeaderRules.SessionHeader].ToString()),
        };
        exchange.Body.Limit = _options.CaptureLimitBytes;
        try
        {
            await ExchangeAsync(context, target, exchange, body, started);
        }
        finally
        {
            exchange.Elapsed = time.GetElapsedTime(started);
            Record(exchange, activity, target);
        }
    }

    private async Task ExchangeAsync(
        HttpContext context,
        UpstreamTarget target,
        CapturedExchange exchange,
        RequestBody body,
        long started)
    {
        // (2) Build the upstream request.
        using var request = new HttpRequestMessage(HttpMethod.Post, target.ChatCompletionsUri)
        {
            Content = new ByteArrayContent(body.Buffer, 0, body.Length),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
        HeaderRules.CopyToUpstream(context.Request.Headers, request);
        target.Adapter.PrepareRequest(request);

        // (3) Send and wait for the response headers.
        using var upstream = await SendAsync(context, exchange, request);
        if (upstream is null)
        {
            return;
        }

        // (4) Relay.
        exchange.StatusCode = (int)upstream.StatusCode;
        exchange.IsEventStream = upstream.Content.Headers.ContentType?.MediaType?.Equals(
            "text/event-stream", StringComparison.OrdinalIgnoreCase) == true;
        context.Response.StatusCode = exchange.StatusCode.Value;
        exchange.ResponseHeaders = HeaderRules.CopyToClient(upstream, context.Response.Headers);
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        if (await RelayBodyAsync(context, exchange, upstream, started))
        {
            await CompleteResponseAsync(context, exchange);
        }
    }

    private async Task<HttpResponseMessage?> SendAsync(
        HttpContext context,
        CapturedExchange exchange,
        HttpRequestMessage request)
    {
        using var headersTimeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        headersTimeout.CancelAfter(_options.ResponseHeadersTimeout);
        try
        {
            return await invoker.SendAsync(request, headersTimeout.Token);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            exchange.Failure = TransportFailure.ClientAborted;
            exchange.FailureMessage = "The client disconnected before the upstream answered.";
            LogClientAborted(logger);
        }
        catch (Exception exception) when (exception is OperationCanceledException || IsTimeout(exception))
        {
            await FailAsync(context, exchange, TransportFailure.UpstreamTimeout, StatusCodes.Status504GatewayTimeout,
                $"The upstream did not answer within {_options.ResponseHeadersTimeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException exception)
        {
            await FailAsync(context, exchange, TransportFailure.UpstreamUnreachable, StatusCodes.Status502BadGateway,
                $"The upstream could not be reached: {exception.Message}");
        }

        return null;
    }

    private async Task FailAsync(
        HttpContext context,
        CapturedExchange exchange,
        TransportFailure failure,
        int statusCode,
        string message)
    {
        exchange.Failure = failure;
        exchange.ProxyStatusCode = statusCode;
        exchange.FailureMessage = message;
        LogUpstreamFailed(logger, statusCode, message);
        await WriteErrorAsync(context, statusCode, message, failure == TransportFailure.UpstreamTimeout
            ? "upstream_timeout"
            : "upstream_unreachable");
    }

    /// <summary>Copies the body to the client and aside; false when the exchange ended abnormally.</summary>
    private async Task<bool> RelayBodyAsync(
        HttpContext context,
        CapturedExchange exchange,
        HttpResponseMessage upstream,
        long started)
    {
        var aborted = context.RequestAborted;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var buffer = ArrayPool<byte>.Shared.Rent(RelayBufferSize);
        try
        {
            await using var source = await upstream.Content.ReadAsStreamAsync(aborted);
            if (exchange.IsEventStream)
            {
                // Headers go out now: a client waiting on a slow first token already sees the stream open.
                await context.Response.StartAsync(aborted);
            }

            while (true)
            {
                idle.CancelAfter(_options.StreamIdleTimeout);
                var read = await source.ReadAsync(buffer.AsMemory(0, RelayBufferSize), idle.Token);
                if (read == 0)
                {
                    return true;
                }

                exchange.TimeToFirstByte ??= time.GetElapsedTime(started);
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), aborted);
                exchange.Body.Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception exception) when (aborted.IsCancellationRequested
            || exception is ConnectionAbortedException)
        {
            exchange.Failure = TransportFailure.ClientAborted;
            exchange.FailureMessage = "The client disconnected before the response was complete.";
            LogClientAborted(logger);
            return false;
        }
        catch (OperationCanceledException)
        {
            EndBroken(context, exchange, TransportFailure.UpstreamStalled,
                $"The upstream sent nothing for {_options.StreamIdleTimeout.TotalSeconds:0} s.");
            return false;
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            EndBroken(context, exchange, TransportFailure.UpstreamReset,
                $"The upstream connection broke: {exception.GetBaseException().Message}");
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Headers are already out, so the status cannot change: the client's connection is reset instead of
    /// ended cleanly, so it does not take a cut response for a whole one.
    /// </summary>
    private void EndBroken(HttpContext context, CapturedExchange exchange, TransportFailure failure, string message)
    {
        exchange.Failure = failure;
        exchange.FailureMessage = message;
        LogUpstreamBroke(logger, message);
        context.Abort();
    }

    private async Task CompleteResponseAsync(HttpContext context, CapturedExchange exchange)
    {
        try
        {
            await context.Response.CompleteAsync();
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException
            or ConnectionAbortedException)
        {
            exchange.Failure = TransportFailure.ClientAborted;
            exchange.FailureMessage ??= "The client disconnected before the response was complete.";
        }
    }

    private void Record(CapturedExchange exchange, Activity? activity, UpstreamTarget target)
    {
        try
        {
            var (record, response) = builder.Build(exchange);
            telemetry.Complete(activity, record, response, exchange, target.ProviderName, target.Server);
            queue.TryEnqueue(new PendingRecord(record, exchange.ApiKey));
        }
        catch (Exception exception)
        {
            // The call itself has been answered; a capture bug must not surface to the client.
            telemetry.RecordDropped(1);
            LogCaptureFailed(logger, exception);
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, int statusCode, string message, string type)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        try
        {
            await context.Response.Body.WriteAsync(ProxyError.Body(message, type), context.RequestAborted);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            // The client left while being told about an error; nothing more to tell.
        }
    }

    private static bool IsTimeout(Exception exception) => exception.GetBaseException() is TimeoutException;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [LoggerMessage(EventId = 2001, EventName = "RequestRejected", Level = LogLevel.Information,
        Message = "Rejected a chat-completions request with {StatusCode}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 2002, EventName = "RequestBodyFailed", Level = LogLevel.Debug,
        Message = "Reading the request body failed: {Reason}")]
    private static partial void LogRequestBodyFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2003, EventName = "UpstreamFailed", Level = LogLevel.Warning,
        Message = "Answered {StatusCode} for the upstream: {Reason}")]
    private static partial void LogUpstreamFailed(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 2004, EventName = "UpstreamBroke", Level = LogLevel.Warning,
        Message = "The upstream response ended abnormally: {Reason}")]
    private static partial void LogUpstreamBroke(ILogger logger, string reason);

    [LoggerMessage(EventId = 2005, EventName = "ClientAborted", Level = LogLevel.Debug,
        Message = "The client disconnected; the upstream call was cancelled and the partial record kept")]
    private static partial void LogClientAborted(ILogger logger);

    [LoggerMessage(EventId = 2006, EventName = "CaptureFailed", Level = LogLevel.Error,
        Message = "Building the record of a call failed; the call was answered but is not stored")]
    private static partial void LogCaptureFailed(ILogger logger, Exception exception);
}
