using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using LlmIntercept.AppHost.Orchestration;
using LlmIntercept.AppHost.Tests.Infrastructure;
using LlmIntercept.Testing;
using OpenAI;
using OpenAI.Chat;

namespace LlmIntercept.AppHost.Tests.Orchestration;

/// <summary>
/// The system as <c>dotnet run --project LlmIntercept.AppHost</c> starts it: the proxy and the dashboard as
/// separate processes under the orchestrator, one store between them.
/// </summary>
public sealed class AppHostEndToEndTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    private const string ApiKey = "sk-apphost-test-5f1c9e";
    private const string Prompt = "Greet the orchestrated proxy, please.";
    private const string ResponseId = "chatcmpl-apphost-0001";

    private static readonly string Stream = string.Concat(
        Chunk("""{"role":"assistant","content":"Hello from "}""", "null"),
        Chunk("""{"content":"the fake upstream."}""", "\"stop\""),
        $$$"""data: {"id":"{{{ResponseId}}}","object":"chat.completion.chunk","created":1700000500,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":14,"completion_tokens":6,"total_tokens":20}}""" + "\n\n",
        "data: [DONE]\n\n");

    [Fact]
    public async Task StreamedChat_ThroughTheProxy_IsFoundThroughTheDashboardApi()
    {
        system.Upstream.Enqueue(ScriptedResponse.Sse(Stream));

        var text = new StringBuilder();
        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage(Prompt)]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.Equal("Hello from the fake upstream.", text.ToString());
        var forwarded = Assert.Single(system.Upstream.Requests);
        Assert.Equal($"Bearer {ApiKey}", forwarded.Headers["Authorization"]);

        using var dashboard = new DashboardApi(system.Run.DashboardUri);
        await dashboard.SignInAsync(AppHostRun.Password);
        var summary = await WaitForOneRecordAsync(dashboard);
        Assert.Equal("gpt-4o-mini", summary.GetProperty("model").GetString());
        Assert.True(summary.GetProperty("stream").GetBoolean());
        Assert.Equal("complete", summary.GetProperty("outcome").GetString());
        Assert.Equal(200, summary.GetProperty("statusCode").GetInt32());
        Assert.Equal((14, 6, 20), (
            summary.GetProperty("promptTokens").GetInt32(),
            summary.GetProperty("completionTokens").GetInt32(),
            summary.GetProperty("totalTokens").GetInt32()));
        Assert.Equal(Prompt, summary.GetProperty("preview").GetString());

        var detail = (await dashboard.QueryAsync(
            "query ($id: Long!) { request(id: $id) { responseId responseModel finishReason upstreamUrl messages apiKeyHash } }",
            new { id = summary.GetProperty("id").GetInt64() })).GetProperty("request");
        Assert.Equal(ResponseId, detail.GetProperty("responseId").GetString());
        Assert.Equal("gpt-4o-mini-2024-07-18", detail.GetProperty("responseModel").GetString());
        Assert.Equal("stop", detail.GetProperty("finishReason").GetString());
        Assert.Equal(system.Upstream.ChatCompletionsUri.ToString(), detail.GetProperty("upstreamUrl").GetString());
        var messages = JsonDocument.Parse(detail.GetProperty("messages").GetString()!).RootElement;
        Assert.Equal(Prompt, messages[0].GetProperty("content").GetString());
        Assert.Equal("Hello from the fake upstream.", messages[1].GetProperty("content").GetString());
        Assert.StartsWith("hmac-sha256:", detail.GetProperty("apiKeyHash").GetString());
    }

    [Fact]
    public void Services_StartedByTheAppHost_GetOnlyTheirOwnValues()
    {
        var proxyProcesses = ProcessTree(ServiceResources.ProxyName);
        var dashboardProcesses = ProcessTree(ServiceResources.DashboardName);

        var proxy = ProcessEnvironment.Of(proxyProcesses[0]);
        Assert.Equal(system.Upstream.ChatCompletionsUri.ToString(), proxy["BASE_URL"]);
        Assert.Equal(system.Run.DatabaseUrl, proxy["DATABASE_URL"]);
        var dashboard = ProcessEnvironment.Of(dashboardProcesses[0]);
        Assert.Equal(AppHostRun.Password, dashboard["ADMIN_PASSWORD"]);
        Assert.Equal(system.Run.DatabaseUrl, dashboard["DATABASE_URL"]);

        var upstreamHost = system.Upstream.BaseUri.Authority;
        foreach (var environment in proxyProcesses.Concat(dashboardProcesses).Select(ProcessEnvironment.Of))
        {
            Assert.DoesNotContain(environment, e => e.Value.Contains(RunningSystem.AmbientPassword, StringComparison.Ordinal));
            Assert.DoesNotContain(environment, e => e.Key.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal));
        }

        foreach (var environment in proxyProcesses.Select(ProcessEnvironment.Of))
        {
            Assert.DoesNotContain(environment, e => e.Value.Contains(AppHostRun.Password, StringComparison.Ordinal));
        }

        foreach (var environment in dashboardProcesses.Select(ProcessEnvironment.Of))
        {
            Assert.False(environment.ContainsKey("BASE_URL"));
            Assert.False(environment.ContainsKey("UPSTREAM"));
            Assert.DoesNotContain(environment, e => e.Value.Contains(upstreamHost, StringComparison.Ordinal));
        }
    }

    /// <summary>The process the orchestrator started for a service, and any it started in turn.</summary>
    private List<int> ProcessTree(string resource)
    {
        var root = system.Run.ProcessIdOf(resource);
        return [root, .. ProcessEnvironment.Descendants(root)];
    }

    private static async Task<JsonElement> WaitForOneRecordAsync(DashboardApi dashboard)
    {
        const string query = "{ requests { totalCount items { id model stream outcome statusCode promptTokens completionTokens totalTokens preview } } }";
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var page = (await dashboard.QueryAsync(query)).GetProperty("requests");
            if (page.GetProperty("totalCount").GetInt64() > 0 || DateTime.UtcNow > deadline)
            {
                Assert.Equal(1, page.GetProperty("totalCount").GetInt64());
                return page.GetProperty("items")[0];
            }

            await Task.Delay(200);
        }
    }

    private ChatClient Client() => new(
        "gpt-4o-mini",
        new ApiKeyCredential(ApiKey),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(system.Run.ProxyUri, "/v1"),
            RetryPolicy = new ClientRetryPolicy(0),
        });

    private static string Chunk(string delta, string finishReason) =>
        $$$"""data: {"id":"{{{ResponseId}}}","object":"chat.completion.chunk","created":1700000500,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{{{delta}}},"finish_reason":{{{finishReason}}}}]}""" + "\n\n";
}
