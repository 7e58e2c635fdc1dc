using GraphQL.Types;
using LlmIntercept.Store;

namespace LlmIntercept.Dashboard.GraphQL;

/// <summary>Everything stored about one request.</summary>
internal sealed class RequestType : ObjectGraphType<LlmRequest>
{
    public RequestType()
    {
        Name = "Request";
        this.AddSummaryFields();
        Field(x => x.Messages, nullable: true);
        Field(x => x.Choices, nullable: true);
        Field(x => x.Tools, nullable: true);
        Field(x => x.ToolChoice, nullable: true);
        Field(x => x.ToolCalls, nullable: true);
        Field(x => x.Functions, nullable: true);
        Field(x => x.FunctionCall, nullable: true);
        Field(x => x.Reasoning, nullable: true);
        Field(x => x.ReasoningField, nullable: true);
        Field(x => x.FinishReason, nullable: true);
        Field(x => x.RequestBody, nullable: true);
        Field(x => x.Response, nullable: true);
        Field(x => x.ResponseBody, nullable: true);
        Field(x => x.Usage, nullable: true);
        Field(x => x.Error, nullable: true);
        Field(x => x.StreamMetadata, nullable: true);
        Field(x => x.ResponseHeaders, nullable: true);
        Field(x => x.TimeToFirstByteMs, nullable: true);
        Field(x => x.ResponseId, nullable: true);
        Field(x => x.ResponseModel, nullable: true);
        Field(x => x.DoneReceived, nullable: true);
        Field(x => x.KeepAliveCount);
        Field(x => x.Temperature, nullable: true);
        Field(x => x.MaxTokens, nullable: true);
        Field(x => x.TopP, nullable: true);
        Field(x => x.FrequencyPenalty, nullable: true);
        Field(x => x.PresencePenalty, nullable: true);
        Field(x => x.ApiKeyHash, nullable: true);
        Field(x => x.UpstreamUrl, nullable: true);
        Field(x => x.SessionId, nullable: true);
        Field(x => x.ToolArgumentsValid);
    }
}
