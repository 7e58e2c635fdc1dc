using GraphQL.Types;
using LlmIntercept.Store;

namespace LlmIntercept.Dashboard.GraphQL;

internal sealed class RequestSummaryType : ObjectGraphType<LlmRequest>
{
    public RequestSummaryType()
    {
        Name = "RequestSummary";
        this.AddSummaryFields();
    }
}
