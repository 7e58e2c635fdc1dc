using LlmIntercept.Proxy.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddInterceptProxy();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapInterceptProxy();
app.Run();
