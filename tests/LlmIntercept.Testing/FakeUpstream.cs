using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace LlmIntercept.Testing;

/// <summary>What the fake upstream received.</summary>
public sealed record ReceivedRequest(
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body)
{
    /// <summary>Completes when the caller (the proxy) abandoned the request before its response ended.</summary>
    public TaskCompletionSource Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A real Kestrel server on loopback that plays recorded provider responses byte for byte, the one thing the
/// tests simulate. Responses are taken in order from a queue; the last one repeats when it runs out.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedResponse> _responses = new();
    private ScriptedResponse _last = ScriptedResponse.Json(500, """{"error":{"message":"no scripted response"}}""");

    private FakeUpstream(WebApplication app)
    {
        _app = app;
    }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public Uri BaseUri { get; private set; } = null!;

    public Uri ChatCompletionsUri => new(BaseUri, "/v1/chat/completions");

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var upstream = new FakeUpstream(app);
        app.Run(upstream.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First()
            : throw new InvalidOperationException("no server");
        upstream.BaseUri = new Uri(address);
        return upstream;
    }

    public FakeUpstream Enqueue(params ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _responses.Enqueue(response);
        }

        return this;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var received = new ReceivedRequest(
            context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body.ToArray());
        Requests.Enqueue(received);
        context.RequestAborted.Register(() => received.Aborted.TrySetResult());

        if (_responses.TryDequeue(out var response))
        {
            _last = response;
        }
        else
        {
            response = _last;
        }

        try
        {
            await PlayAsync(context, response);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            received.Aborted.TrySetResult();
        }
    }

    private static async Task PlayAsync(HttpContext context, ScriptedResponse response)
    {
        var aborted = context.RequestAborted;
        if (response.NeverAnswer)
        {
            await Task.Delay(Timeout.Infinite, aborted);
        }

        await Task.Delay(response.HeadersDelay, aborted);
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await context.Response.StartAsync(aborted);
        foreach (var step in response.Steps)
        {
            switch (step)
            {
                case ResponseStep.Bytes bytes:
                    await context.Response.Body.WriteAsync(bytes.Data, aborted);
                    await context.Response.Body.FlushAsync(aborted);
                    break;
                case ResponseStep.Delay delay:
                    await Task.Delay(delay.Duration, aborted);
                    break;
                case ResponseStep.Reset:
                    context.Abort();
                    return;
                case ResponseStep.Hang:
                    await Task.Delay(Timeout.Infinite, aborted);
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
