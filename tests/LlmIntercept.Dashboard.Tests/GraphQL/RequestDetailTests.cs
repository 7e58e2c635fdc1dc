using System.Text.Json;
using LlmIntercept.Dashboard.Tests.Infrastructure;

namespace LlmIntercept.Dashboard.Tests.GraphQL;

public abstract class RequestDetailTests(SeededDashboard dashboard)
{
    private const string DetailQuery = """
        query($id: Long!) { request(id: $id) {
          id timestamp model status outcome statusCode responseTimeMs stream hasToolCalls
          promptTokens completionTokens totalTokens preview
          messages choices tools toolChoice toolCalls functions functionCall reasoning reasoningField finishReason
          requestBody response responseBody usage error streamMetadata responseHeaders
          timeToFirstByteMs responseId responseModel doneReceived keepAliveCount
          temperature maxTokens topP frequencyPenalty presencePenalty
          apiKeyHash upstreamUrl tags sessionId toolArgumentsValid
        } }
        """;

    [Fact]
    public async Task Request_ById_ReturnsEverythingStored()
    {
        var expected = KnownRequests.Create()[3];

        var request = (await dashboard.Client.GraphQLAsync(DetailQuery, new { id = 4 })).Ok().GetProperty("request");

        Assert.Equal(4, request.GetProperty("id").GetInt64());
        AssertSameJson(expected.Messages, request.GetProperty("messages").GetString());
        AssertSameJson(expected.ToolCalls, request.GetProperty("toolCalls").GetString());
        AssertSameJson(expected.Tools, request.GetProperty("tools").GetString());
        Assert.Equal(expected.RequestBody, request.GetProperty("requestBody").GetString());
        Assert.Equal("tool_calls", request.GetProperty("finishReason").GetString());
        Assert.Equal("https://upstream.test/v1/chat/completions", request.GetProperty("upstreamUrl").GetString());
        Assert.Equal(["tools"], request.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.True(request.GetProperty("hasToolCalls").GetBoolean());
        Assert.True(request.GetProperty("toolArgumentsValid").GetBoolean());
        Assert.Equal(0, request.GetProperty("keepAliveCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, request.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, request.GetProperty("temperature").ValueKind);
        Assert.Equal("What's the weather in Berlin?", request.GetProperty("preview").GetString());
    }

    [Fact]
    public async Task Request_WithSeveralTags_ListsEachTag()
    {
        var request = (await dashboard.Client.GraphQLAsync("{ request(id: 2) { tags error } }")).Ok().GetProperty("request");

        Assert.Equal(["support", "v2"], request.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Request_Failed_CarriesItsError()
    {
        var request = (await dashboard.Client.GraphQLAsync("{ request(id: 3) { error tags status } }")).Ok().GetProperty("request");

        AssertSameJson("""{"error":{"message":"upstream failed"}}""", request.GetProperty("error").GetString());
        Assert.Empty(request.GetProperty("tags").EnumerateArray());
        Assert.Equal("error", request.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Request_Absent_IsNull()
    {
        var data = (await dashboard.Client.GraphQLAsync(DetailQuery, new { id = 999 })).Ok();

        Assert.Equal(JsonValueKind.Null, data.GetProperty("request").ValueKind);
    }

    [Fact]
    public async Task Models_AreTheDistinctStoredModelsSorted()
    {
        var data = (await dashboard.Client.GraphQLAsync("{ models }")).Ok();

        Assert.Equal(["claude-3", "gpt-4o", "gpt-4o-mini"], data.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task ExportFormats_ListTheLoadedExporterPlugins()
    {
        var data = (await dashboard.Client.GraphQLAsync("{ exportFormats { format displayName fileExtension } }")).Ok();

        var formats = data.GetProperty("exportFormats").EnumerateArray()
            .ToDictionary(f => f.GetProperty("format").GetString()!, f => f.GetProperty("fileExtension").GetString());
        Assert.Equal(".jsonl.zst", formats["jsonl.zst"]);
        Assert.Equal(".parquet", formats["parquet"]);
    }

    [Theory]
    [InlineData("{}", 6)]
    [InlineData("""{"models":["gpt-4o"]}""", 4)]
    [InlineData("""{"status":"error"}""", 0)]
    [InlineData("""{"tags":["v2"]}""", 2)]
    [InlineData("""{"from":"2026-03-01T10:03:00Z","to":"2026-03-02T09:15:00Z"}""", 4)]
    [InlineData("""{"outcomes":["refusal"]}""", 0)]
    [InlineData("""{"outcomes":["complete","refusal"]}""", 6)]
    [InlineData("""{"excluded":true}""", 0)]
    [InlineData("""{"excluded":false,"stream":true}""", 2)]
    public async Task ExportCount_CountsOnlyCompleteConversations(string filter, long expected)
    {
        const string query = "query($filter: RequestFilterInput) { exportCount(filter: $filter, includeSystemPrompts: false) }";

        var data = (await dashboard.Client.GraphQLAsync(query, new { filter = JsonDocument.Parse(filter).RootElement })).Ok();

        Assert.Equal(expected, data.GetProperty("exportCount").GetInt64());
    }

    // PostgreSQL's jsonb keeps the JSON value, not its spacing or key order.
    private static void AssertSameJson(string? expected, string? actual) =>
        Assert.True(
            System.Text.Json.Nodes.JsonNode.DeepEquals(
                System.Text.Json.Nodes.JsonNode.Parse(expected!),
                System.Text.Json.Nodes.JsonNode.Parse(actual!)),
            $"{expected} is not the same JSON as {actual}");
}

public sealed class SqliteRequestDetailTests(SeededDashboard dashboard) : RequestDetailTests(dashboard), IClassFixture<SeededDashboard>;

public sealed class PostgresRequestDetailTests(PostgresSeededDashboard dashboard)
    : RequestDetailTests(dashboard), IClassFixture<PostgresSeededDashboard>;
