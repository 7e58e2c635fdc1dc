using LlmIntercept.AppHost.Tests.Infrastructure;
using LlmIntercept.Testing;

namespace LlmIntercept.AppHost.Tests.Orchestration;

/// <summary>
/// One fake upstream and one headless AppHost pointed at it, shared by the tests that need a running system.
/// Before the start, a password is left in the environment as a shell would leave it after
/// <c>llm-intercept serve</c>: no service may inherit it.
/// </summary>
public sealed class RunningSystem : IAsyncLifetime
{
    public const string AmbientPassword = "ambient-shell-password-W3n8";

    private AppHostRun? _run;
    private FakeUpstream? _upstream;

    internal AppHostRun Run => _run!;

    public FakeUpstream Upstream => _upstream!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        Environment.SetEnvironmentVariable("ADMIN_PASSWORD", AmbientPassword);
        _run = await AppHostRun.StartAsync(_upstream.ChatCompletionsUri);
    }

    public async Task DisposeAsync()
    {
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }

        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }
    }
}
