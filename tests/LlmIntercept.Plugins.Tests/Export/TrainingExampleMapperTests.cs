using System.Text.Json.Nodes;
using LlmIntercept.Plugins.Hosting.Export;

namespace LlmIntercept.Plugins.Tests.Export;

public sealed class TrainingExampleMapperTests
{
    private const string User = """{"role":"user","content":"Hi"}""";

    [Fact]
    public void TryMap_PlainReply_KeepsMessagesAndMetadata()
    {
        var row = Row($$"""[{{User}},{"role":"assistant","content":"Hello é <b>"}]""", tags: ",support,v2,");

        Assert.True(TrainingExampleMapper.TryMap(row, includeSystemPrompts: true, out var example, out _));

        Assert.Equal("""[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello é <b>"}]""", example!.MessagesJson);
        Assert.Equal(7, example.Id);
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero), example.Timestamp);
        Assert.Equal("model-x", example.Model);
        Assert.Null(example.ToolsJson);
        Assert.Null(example.ToolCallsJson);
        Assert.Equal(["support", "v2"], example.Tags);
    }

    [Fact]
    public void TryMap_NoSystemPrompts_DropsSystemAndDeveloperMessages()
    {
        var row = Row($$"""
            [{"role":"system","content":"Be brief."},{"role":"developer","content":"No emojis."},{{User}},
             {"role":"assistant","content":"Hello"}]
            """);

        Assert.True(TrainingExampleMapper.TryMap(row, includeSystemPrompts: false, out var example, out _));

        Assert.Equal("""[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]""", example!.MessagesJson);
    }

    [Fact]
    public void TryMap_WithSystemPrompts_KeepsThemInPlace()
    {
        var row = Row($$"""[{"role":"system","content":"Be brief."},{{User}},{"role":"assistant","content":"Hello"}]""");

        Assert.True(TrainingExampleMapper.TryMap(row, includeSystemPrompts: true, out var example, out _));

        Assert.Equal("system", (string?)JsonNode.Parse(example!.MessagesJson)![0]!["role"]);
    }

    [Fact]
    public void TryMap_ReasoningField_BecomesReasoningContentInPlace()
    {
        var row = Row($$"""[{{User}},{"role":"assistant","content":"7","reasoning":"User wants one digit.","reasoning_details":[{"type":"reasoning.text"}]}]""");

        Assert.True(TrainingExampleMapper.TryMap(row, true, out var example, out _));

        Assert.Equal(
            """[{"role":"user","content":"Hi"},{"role":"assistant","content":"7","reasoning_content":"User wants one digit."}]""",
            example!.MessagesJson);
    }

    [Fact]
    public void TryMap_ReasoningOnlyInColumn_IsAddedAsReasoningContent()
    {
        var row = Row($$"""[{{User}},{"role":"assistant","content":"7"}]""", reasoning: "Thinking.");

        Assert.True(TrainingExampleMapper.TryMap(row, true, out var example, out _));

        Assert.EndsWith("""{"role":"assistant","content":"7","reasoning_content":"Thinking."}]""", example!.MessagesJson);
    }

    [Fact]
    public void TryMap_HistoryTurnWithReasoning_IsLeftAsSent()
    {
        var row = Row($$$"""
            [{{{User}}},{"role":"assistant","content":null,"reasoning":"old","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"c1","content":"ok"},{"role":"assistant","content":"done"}]
            """);

        Assert.True(TrainingExampleMapper.TryMap(row, true, out var example, out _));

        var history = JsonNode.Parse(example!.MessagesJson)![1]!;
        Assert.Equal("old", (string?)history["reasoning"]);
        Assert.Null(example.ToolCallsJson);
    }

    [Fact]
    public void TryMap_ToolCallReply_CarriesToolsAndToolCalls()
    {
        const string Calls = """[{"id":"call_A1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]""";
        var row = Row(
            $$"""[{{User}},{"role":"assistant","content":null,"refusal":null,"tool_calls":{{Calls}}}]""",
            finishReason: "tool_calls",
            tools: """[ {"type":"function","function":{"name":"get_weather"}} ]""");

        Assert.True(TrainingExampleMapper.TryMap(row, true, out var example, out _));

        Assert.Equal(Calls, example!.ToolCallsJson);
        Assert.Equal("""[{"type":"function","function":{"name":"get_weather"}}]""", example.ToolsJson);
        Assert.EndsWith($$"""{"role":"assistant","content":null,"tool_calls":{{Calls}}}]""", example.MessagesJson);
    }

    [Theory]
    [InlineData("length", "finish_reason_length")]
    [InlineData("content_filter", "finish_reason_content_filter")]
    [InlineData(null, "finish_reason_missing")]
    public void TryMap_UnfinishedReply_IsSkippedByFinishReason(string? finishReason, string expected)
    {
        var row = Row($$"""[{{User}},{"role":"assistant","content":"Hel"}]""", finishReason: finishReason);

        Assert.False(TrainingExampleMapper.TryMap(row, true, out _, out var reason));

        Assert.Equal(expected, reason);
    }

    [Fact]
    public void TryMap_ToolCallsWithoutFinishReason_AreExported()
    {
        var row = Row(
            $$$"""[{{{User}}},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}]""",
            finishReason: null);

        Assert.True(TrainingExampleMapper.TryMap(row, true, out _, out _));
    }

    [Theory]
    [InlineData("""[{"role":"user","content":"Hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"city\":"}}]}]""", "tool_calls", true, "invalid_tool_arguments")]
    [InlineData("""[{"role":"user","content":"Hi"},{"role":"assistant","content":"ok"}]""", "stop", false, "invalid_tool_arguments")]
    [InlineData("""[{"role":"user","content":"Hi"},{"role":"assistant","content":null,"refusal":"I can't help with that."}]""", "stop", true, "refusal")]
    [InlineData("""[{"role":"user","content":"Hi"}""", "stop", true, "unparseable_messages")]
    [InlineData("""{"role":"user","content":"Hi"}""", "stop", true, "unparseable_messages")]
    [InlineData("""["just text"]""", "stop", true, "unparseable_messages")]
    [InlineData("""[{"role":"user","content":"Hi"}]""", "stop", true, "no_assistant_reply")]
    public void TryMap_UnexportableRow_IsSkippedWithReason(string messages, string finishReason, bool argumentsValid, string expected)
    {
        var row = Row(messages, finishReason: finishReason, toolArgumentsValid: argumentsValid);

        Assert.False(TrainingExampleMapper.TryMap(row, true, out var example, out var reason));

        Assert.Null(example);
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void TryMap_ToolsNotJson_IsSkipped()
    {
        var row = Row($$"""[{{User}},{"role":"assistant","content":"ok"}]""", tools: "[{broken");

        Assert.False(TrainingExampleMapper.TryMap(row, true, out _, out var reason));

        Assert.Equal("unparseable_tools", reason);
    }

    [Fact]
    public void TryMap_NoRequestModel_FallsBackToResponseModel()
    {
        var row = Row($$"""[{{User}},{"role":"assistant","content":"ok"}]""") with { Model = null, ResponseModel = "served-model" };

        Assert.True(TrainingExampleMapper.TryMap(row, true, out var example, out _));

        Assert.Equal("served-model", example!.Model);
    }

    private static ExportRow Row(
        string messages,
        string? finishReason = "stop",
        string? tools = null,
        bool toolArgumentsValid = true,
        string? reasoning = null,
        string tags = "") =>
        new(7, new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc), "model-x", "model-x-2026", StoredText.From(messages),
            StoredText.From(tools), finishReason, toolArgumentsValid, reasoning, tags);
}
