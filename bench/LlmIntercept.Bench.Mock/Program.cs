using LlmIntercept.Bench.Mock;

// A fast OpenAI-compatible mock upstream for the benchmarks: POST /v1/chat/completions answers a fixed
// chat.completion, or (when the body asks for "stream": true) an event stream of Mock:Events content chunks
// with Mock:EventDelayMs between them. Mock:ServiceMs adds a fixed service time before the headers.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
var options = MockOptions.From(builder.Configuration);
var responses = new MockResponses(options);

var app = builder.Build();
app.MapPost("/v1/chat/completions", context => MockEndpoint.HandleAsync(context, options, responses));
app.MapGet("/health", () => "ok");
app.Run();
