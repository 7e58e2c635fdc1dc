using System.Text;
using LlmIntercept.Store;

namespace LlmIntercept.Proxy.Tests.Capture;

/// <summary>A streamed reply is stored exactly as the same reply answered in one JSON body.</summary>
public sealed class StreamedAndPlainTests
{
    private const string PlainToolReply = """
        {"id":"chatcmpl-case04","object":"chat.completion","created":1700000004,"model":"gpt-4o",
         "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,"annotations":[],
           "tool_calls":[
             {"id":"call_A1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
             {"id":"call_B2","type":"function","function":{"name":"get_time","arguments":"{\"tz\":\"Europe/Paris\"}"}}]},
           "logprobs":null,"finish_reason":"tool_calls"}],
         "usage":null}
        """;

    private const string PlainReasoningReply = """
        {"id":"chatcmpl-case12","object":"chat.completion","created":1700000012,"model":"deepseek-reasoner",
         "choices":[{"index":0,"message":{"role":"assistant","content":"7","reasoning_content":"User wants one digit."},
           "finish_reason":"stop"}]}
        """;

    [Theory]
    [InlineData("04.request.json", "04.sse", PlainToolReply)]
    [InlineData("12.request.json", "12a.sse", PlainReasoningReply)]
    public void Build_SameReplyStreamedAndPlain_StoresTheSameMessage(string request, string sse, string plain)
    {
        var streamed = CaseFiles.RecordForStream(request, CaseFiles.Bytes(sse));
        var whole = CaseFiles.RecordForBody(request, 200, Encoding.UTF8.GetBytes(plain));

        Assert.Equal(whole.Choices, streamed.Choices);
        Assert.Equal(whole.Messages, streamed.Messages);
        Assert.Equal(whole.ToolCalls, streamed.ToolCalls);
        Assert.Equal(whole.FinishReason, streamed.FinishReason);
        Assert.Equal(whole.Reasoning, streamed.Reasoning);
        Assert.Equal(whole.Outcome, streamed.Outcome);
        Assert.Equal(RequestOutcome.Complete, whole.Outcome);
        Assert.Equal(whole.ResponseId, streamed.ResponseId);
    }

    [Fact]
    public void Build_RefusalReply_IsRefusalOutcomeAndOk()
    {
        const string body = """
            {"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},"finish_reason":"stop"}]}
            """;
        var record = CaseFiles.RecordForBody("01.request.json", 200, Encoding.UTF8.GetBytes(body));

        Assert.Equal(RequestOutcome.Refusal, record.Outcome);
        Assert.Equal(RequestStatus.Ok, record.Status);
        Assert.Equal("""{"role":"assistant","content":null,"refusal":"I can\u0027t help with that."}""", CaseFiles.FirstMessage(record));
    }

    [Fact]
    public void Build_LengthFinish_IsTruncated()
    {
        const string body = """{"choices":[{"index":0,"message":{"role":"assistant","content":"Once upon"},"finish_reason":"length"}]}""";
        var record = CaseFiles.RecordForBody("01.request.json", 200, Encoding.UTF8.GetBytes(body));

        Assert.Equal(RequestOutcome.Truncated, record.Outcome);
    }
}
