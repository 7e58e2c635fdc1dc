using LlmIntercept.Dashboard.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddInterceptDashboard();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapInterceptDashboard();
app.Run();
