using System.Text.Json;
using LlmIntercept.Proxy.Capture;
using LlmIntercept.Store;

namespace LlmIntercept.Proxy.Tests.Capture;

/// <summary>Each case of ../shared/cases with its exact bytes and the record it must produce.</summary>
public sealed class UpstreamCaseTests
{
    [Theory]
    [InlineData("01.sse")]
    [InlineData("01b.sse")]
    public void Case01_CommentKeepAlives_AreIgnoredAndCounted(string file)
    {
        var record = CaseFiles.RecordForStream("01.request.json", CaseFiles.Bytes(file));

        Assert.Equal("""{"role":"assistant","content":"Hello."}""", CaseFiles.FirstMessage(record));
        Assert.Equal("stop", record.FinishReason);
        Assert.Null(record.Usage);
        Assert.Equal(RequestOutcome.Complete, record.Outcome);
        Assert.Equal(RequestStatus.Ok, record.Status);
        Assert.Equal(file == "01.sse" ? 2 : 1, record.KeepAliveCount);
        Assert.True(record.DoneReceived);
        Assert.Equal(
            CaseFiles.Compact("""[{"role":"user","content":"Say hello."},{"role":"assistant","content":"Hello."}]"""),
            CaseFiles.Compact(record.Messages!));
    }

    [Fact]
    public void Case02_AzureFilterEvents_DoNotSplitOrResetTheChoice()
    {
        var record = CaseFiles.RecordForStream("02.request.json", CaseFiles.Bytes("02.sse"));

        using var choices = JsonDocument.Parse(record.Choices!);
        Assert.Equal(1, choices.RootElement.GetArrayLength());
        Assert.Equal("chatcmpl-case02", record.ResponseId);
        Assert.Equal("gpt-4o-2024-08-06", record.ResponseModel);
        Assert.Equal("""{"role":"assistant","content":"Blue"}""", CaseFiles.FirstMessage(record));
        Assert.Equal("stop", record.FinishReason);
        Assert.Null(record.Usage);
        Assert.Equal(RequestOutcome.Complete, record.Outcome);

        using var metadata = JsonDocument.Parse(record.StreamMetadata!);
        var promptFilters = metadata.RootElement.GetProperty("prompt_filter_results")[0];
        Assert.Equal(0, promptFilters[0].GetProperty("prompt_index").GetInt32());
        var annotation = metadata.RootElement.GetProperty("choice_annotations").GetProperty("0")[0];
        Assert.Equal(4, annotation.GetProperty("content_filter_offsets").GetProperty("end_offset").GetInt32());
        Assert.Equal("safe", annotation.GetProperty("content_filter_results").GetProperty("hate").GetProperty("severity").GetString());
        Assert.Equal(0, metadata.RootElement.GetProperty("malformed_events").GetInt32());
    }

    [Fact]
    public void Case02_FilteredVariant_IsFilteredOutcome()
    {
        var sse = CaseFiles.Text("02.sse").Replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"content_filter\"");
        var record = CaseFiles.RecordForStream("02.request.json", System.Text.Encoding.UTF8.GetBytes(sse));

        Assert.Equal(RequestOutcome.Filtered, record.Outcome);
        Assert.Equal(RequestStatus.Error, record.Status);
    }

    [Fact]
    public void Case03A_UsageOnEmptyChoicesEvent_IsStoredVerbatim()
    {
        var record = CaseFiles.RecordForStream("03.request.json", CaseFiles.Bytes("03a.sse"));

        Assert.Equal("""{"role":"assistant","content":"4"}""", CaseFiles.FirstMessage(record));
        Assert.Equal("stop", record.FinishReason);
        Assert.Equal(
            """{"prompt_tokens":14,"completion_tokens":1,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":0}}""",
            record.Usage);
        Assert.Equal((14, 1, 15), (record.PromptTokens, record.CompletionTokens, record.TotalTokens));
        Assert.Equal(RequestOutcome.Complete, record.Outcome);
    }

    [Fact]
    public void Case03B_UsageOnChoiceChunk_KeepsCachedTokensAndFinishReason()
    {
        var record = CaseFiles.RecordForStream("03.request.json", CaseFiles.Bytes("03b.sse"));

        Assert.Equal("""{"role":"assistant","content":"4"}""", CaseFiles.FirstMessage(record));
        Assert.Equal("stop", record.FinishReason);
        Assert.Equal(
            """{"prompt_tokens":287,"completion_tokens":8,"total_tokens":295,"prompt_tokens_details":{"cached_tokens":256}}""",
            record.Usage);
        Assert.Equal(287, record.PromptTokens);
    }

    [Fact]
    public void Case03C_NoUsageEvent_StoresNullAndSaysNotReported()
    {
        var events = ScriptedEvents("03a.sse").Where(e => !e.Contains("\"choices\":[]", StringComparison.Ordinal));
        var record = CaseFiles.RecordForStream("03.request.json", System.Text.Encoding.UTF8.GetBytes(string.Concat(events)));

        Assert.Null(record.Usage);
        Assert.Null(record.PromptTokens);
        using var metadata = JsonDocument.Parse(record.StreamMetadata!);
        Assert.False(metadata.RootElement.GetProperty("usage_reported").GetBoolean());
        Assert.Equal(RequestOutcome.Complete, record.Outcome);
    }

    [Theory]
    [InlineData("04.sse")]
    [InlineData("04b.sse")]
    public void Case04_ParallelToolCalls_AreJoinedByIndex(string file)
    {
        var record = CaseFiles.RecordForStream("04.request.json", CaseFiles.Bytes(file));

        Assert.Equal(CaseFiles.Compact(CaseFiles.Text("04.message.json")), CaseFiles.FirstMessage(record));
        Assert.Equal("tool_calls", record.FinishReason);
        Assert.True(record.HasToolCalls);
        Assert.True(record.ToolArgumentsValid);
        Assert.Null(record.Usage);
        Assert.Equal(RequestOutcome.Complete, record.Outcome);
        var expectedCalls = JsonDocument.Parse(CaseFiles.Text("04.message.json")).RootElement.GetProperty("tool_calls");
        Assert.Equal(CaseFiles.Compact(expectedCalls.GetRawText()), CaseFiles.Compact(record.ToolCalls!));
        Assert.Equal(CaseFiles.Compact(JsonDocument.Parse(CaseFiles.Text("04.request.json")).RootElement.GetProperty("tools").GetRawText()),
            CaseFiles.Compact(record.Tools!));
    }

    [Fact]
    public void Case04_ArgumentsThatAreNotJson_AreKeptRawAndFlagged()
    {
        var sse = CaseFiles.Text("04.sse").Replace("\\\"Paris\\\"}", "\\\"Paris\\\"", StringComparison.Ordinal);
        var record = CaseFiles.RecordForStream("04.request.json", System.Text.Encoding.UTF8.GetBytes(sse));

        Assert.False(record.ToolArgumentsValid);
        using var calls = JsonDocument.Parse(record.ToolCalls!);
        Assert.Equal("{\"city\":\"Paris\"", calls.RootElement[0].GetProperty("function").GetProperty("arguments").GetString());
    }

    [Theory]
    [InlineData("data:{", "data:{")]
    [InlineData("data:{", "data:  {")]
    public void Case06_DataWithoutSpace_IsParsed(string from, string to)
    {
        var sse = CaseFiles.Text("06.sse").Replace(from, to, StringComparison.Ordinal);
        var record = CaseFiles.RecordForStream("06.request.json", System.Text.Encoding.UTF8.GetBytes(sse));

        Assert.Equal("""{"role":"assistant","content":"Okay"}""", CaseFiles.FirstMessage(record));
        Assert.Equal("stop", record.FinishReason);
        Assert.True(record.DoneReceived);
        Assert.Equal(RequestOutcome.Complete, record.Outcome);
    }

    [Fact]
    public void Case08A_ChunkShapedError_IsStreamErrorWithPartialContent()
    {
        var record = CaseFiles.RecordForStream("08.request.json", CaseFiles.Bytes("08a.sse"));

        Assert.Equal("""{"role":"assistant","content":"The answer is"}""", CaseFiles.FirstMessage(record));
        Assert.Equal("error", record.FinishReason);
        Assert.Equal("""{"code":"server_error","message":"Provider disconnected"}""", record.Error);
        Assert.Equal(RequestOutcome.StreamError, record.Outcome);
        Assert.Equal(200, record.StatusCode);
        Assert.False(record.DoneReceived);
    }

    [Theory]
    [InlineData("08b.sse", """{"message":"The server had an error while processing your request.","type":"server_error"}""")]
    [InlineData("08c.sse", """{"object":"error","message":"Internal error during generation."}""")]
    public void Case08BC_BareErrorObjects_AreStoredVerbatim(string file, string error)
    {
        var record = CaseFiles.RecordForStream("08.request.json", CaseFiles.Bytes(file));

        Assert.Equal("""{"role":"assistant","content":"The answer is"}""", CaseFiles.FirstMessage(record));
        Assert.Null(record.FinishReason);
        Assert.Equal(error, record.Error);
        Assert.Equal(RequestOutcome.StreamError, record.Outcome);
    }

    [Fact]
    public void Case08D_EofWithoutFinishReason_IsTruncated()
    {
        var record = CaseFiles.RecordForStream("08.request.json", CaseFiles.Bytes("08d.sse"));

        Assert.Equal("""{"role":"assistant","content":"The answer is"}""", CaseFiles.FirstMessage(record));
        Assert.Equal(RequestOutcome.Truncated, record.Outcome);
        Assert.Equal(RequestStatus.Error, record.Status);
    }

    [Fact]
    public void Case08E_TerminalChunkWithoutDone_IsFilteredAndFlagged()
    {
        var record = CaseFiles.RecordForStream("08.request.json", CaseFiles.Bytes("08e.sse"));

        Assert.Equal("content_filter", record.FinishReason);
        Assert.Equal(RequestOutcome.Filtered, record.Outcome);
        Assert.False(record.DoneReceived);
    }

    [Fact]
    public void Case08E_StopWithoutDone_IsCompleteAndFlagged()
    {
        var sse = CaseFiles.Text("08e.sse").Replace("content_filter", "stop", StringComparison.Ordinal);
        var record = CaseFiles.RecordForStream("08.request.json", System.Text.Encoding.UTF8.GetBytes(sse));

        Assert.Equal(RequestOutcome.Complete, record.Outcome);
        Assert.False(record.DoneReceived);
    }

    [Fact]
    public void Case09_HttpErrorWithJsonBody_StoresTheParsedError()
    {
        var body = CaseFiles.Bytes("09.body.json");
        var record = CaseFiles.RecordForBody("09.request.json", 429, body);

        Assert.Equal(94, body.Length);
        Assert.Equal(429, record.StatusCode);
        Assert.Equal("""{"code":429,"message":"Rate limit exceeded: limit_rpm/vendor/model-d","metadata":{}}""", record.Error);
        Assert.Equal(RequestOutcome.UpstreamError, record.Outcome);
        Assert.Null(record.Choices);
        Assert.Null(record.Usage);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(body), record.Response);
    }

    [Fact]
    public void Case09B_HtmlErrorBody_IsKeptAsTextAndTheParseFailureRecorded()
    {
        const string html = "<html><body>Bad gateway</body></html>";
        var record = CaseFiles.RecordForBody("09.request.json", 502, System.Text.Encoding.UTF8.GetBytes(html));

        Assert.Equal(html, record.Response);
        Assert.Equal(RequestOutcome.UpstreamError, record.Outcome);
        Assert.Contains("not JSON", JsonDocument.Parse(record.Error!).RootElement.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("12a.sse", "reasoning_content")]
    [InlineData("12b.sse", "reasoning")]
    public void Case12_Reasoning_IsKeptApartUnderItsOwnName(string file, string field)
    {
        var record = CaseFiles.RecordForStream("12.request.json", CaseFiles.Bytes(file));

        Assert.Equal($$"""{"role":"assistant","content":"7","{{field}}":"User wants one digit."}""", CaseFiles.FirstMessage(record));
        Assert.Equal("User wants one digit.", record.Reasoning);
        Assert.Equal(field, record.ReasoningField);
        Assert.Equal("stop", record.FinishReason);
        Assert.Equal(RequestOutcome.Complete, record.Outcome);
    }

    [Fact]
    public void Case12_BothSpellingsInOneDelta_TakeTheTextOnce()
    {
        var sse = CaseFiles.Text("12a.sse")
            .Replace("\"reasoning_content\":\"User wants\"", "\"reasoning_content\":\"User wants\",\"reasoning\":\"User wants\"", StringComparison.Ordinal)
            .Replace("\"reasoning_content\":\" one digit.\"", "\"reasoning\":\" one digit.\",\"reasoning_content\":\" one digit.\"", StringComparison.Ordinal);
        var record = CaseFiles.RecordForStream("12.request.json", System.Text.Encoding.UTF8.GetBytes(sse));

        Assert.Equal("User wants one digit.", record.Reasoning);
        Assert.Equal("reasoning_content", record.ReasoningField);
    }

    [Fact]
    public void Case12_ReasoningOnlyStream_IsNotEmpty()
    {
        var events = ScriptedEvents("12a.sse").Where(e => !e.Contains("\"content\":\"7\"", StringComparison.Ordinal));
        var record = CaseFiles.RecordForStream("12.request.json", System.Text.Encoding.UTF8.GetBytes(string.Concat(events)));

        Assert.Equal("""{"role":"assistant","content":null,"reasoning_content":"User wants one digit."}""", CaseFiles.FirstMessage(record));
    }

    [Fact]
    public void Case12C_RequestHistory_IsStoredVerbatim()
    {
        var record = CaseFiles.RecordForStream("12c.request.json", CaseFiles.Bytes("12a.sse"));

        Assert.Equal(CaseFiles.Text("12c.request.json"), record.RequestBody);
        using var messages = JsonDocument.Parse(record.Messages!);
        Assert.Equal("Need the clock tool.", messages.RootElement[1].GetProperty("reasoning_content").GetString());
    }

    [Fact]
    public void Case14_ClientAbortMidStream_KeepsThePartialReply()
    {
        var twoEvents = string.Concat(ScriptedEvents("14.sse").Take(2));
        var record = CaseFiles.RecordForStream("14.request.json", System.Text.Encoding.UTF8.GetBytes(twoEvents),
            TransportFailure.ClientAborted);

        Assert.Equal("""{"role":"assistant","content":"Step 1: open the"}""", CaseFiles.FirstMessage(record));
        Assert.Null(record.FinishReason);
        Assert.Null(record.Usage);
        Assert.Equal(RequestOutcome.ClientAborted, record.Outcome);
        Assert.Equal(twoEvents, record.ResponseBody);
    }

    private static IEnumerable<string> ScriptedEvents(string file) =>
        LlmIntercept.Testing.ScriptedResponse.SplitEvents(CaseFiles.Text(file));
}
