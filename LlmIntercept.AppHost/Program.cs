using LlmIntercept.AppHost.Orchestration;

var mode = HeadlessMode.FromArgs(args, Environment.GetEnvironmentVariable(HeadlessMode.EnvironmentVariable));
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = mode.RemainingArgs,
    DisableDashboard = mode.Headless,
});
AmbientSecrets.RemoveFromProcessEnvironment();

var parameters = builder.AddInterceptParameters();
builder.AddProxyService(parameters, mode);
builder.AddDashboardService(parameters, mode);
builder.ForwardServiceLogsWhenHeadless(mode);

var app = builder.Build();
parameters.Password.Announce(app.Services);
app.Run();
