using System.Text;

// Answers POST /v1/chat/completions at once: an event stream when the request asks for one, JSON otherwise.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

var json = Encoding.UTF8.GetBytes(
    """{"id":"chatcmpl-soak","object":"chat.completion","created":1700000000,"model":"soak-model","choices":[{"index":0,"message":{"role":"assistant","content":"A soak reply."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}}""");
string[] events =
[
    """data: {"id":"chatcmpl-soak","object":"chat.completion.chunk","created":1700000000,"model":"soak-model","choices":[{"index":0,"delta":{"role":"assistant","content":"A soak"},"finish_reason":null}]}""",
    """data: {"id":"chatcmpl-soak","object":"chat.completion.chunk","created":1700000000,"model":"soak-model","choices":[{"index":0,"delta":{"content":" reply."},"finish_reason":"stop"}]}""",
    """data: {"id":"chatcmpl-soak","object":"chat.completion.chunk","created":1700000000,"model":"soak-model","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}}""",
    "data: [DONE]",
];
var stream = events.Select(e => Encoding.UTF8.GetBytes(e + "\n\n")).ToArray();

app.MapPost("/v1/chat/completions", async (HttpContext context) =>
{
    using var reader = new StreamReader(context.Request.Body);
    var body = await reader.ReadToEndAsync();
    if (body.Contains("\"stream\":true", StringComparison.Ordinal))
    {
        context.Response.ContentType = "text/event-stream";
        foreach (var chunk in stream)
        {
            await context.Response.Body.WriteAsync(chunk);
            await context.Response.Body.FlushAsync();
        }

        return;
    }

    context.Response.ContentType = "application/json";
    await context.Response.Body.WriteAsync(json);
});

app.Run();
