// The bare YARP forwarder baseline: one catch-all route to the mock, no logging, no telemetry, YARP's
// default forwarder settings (pooled SocketsHttpHandler, no response buffering).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Services.AddHttpForwarder();

var upstream = builder.Configuration["Upstream"] ?? "http://127.0.0.1:9001";
var app = builder.Build();
app.MapForwarder("/{**catch-all}", upstream);
app.Run();
