using GraphQL.Types;
using LlmIntercept.Dashboard.Requests;

namespace LlmIntercept.Dashboard.GraphQL;

internal sealed class RequestPageType : ObjectGraphType<RequestPage>
{
    public RequestPageType()
    {
        Name = "RequestPage";
        Field(x => x.Items, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<RequestSummaryType>>>));
        Field(x => x.TotalCount, type: typeof(NonNullGraphType<LongGraphType>));
        Field(x => x.Page);
        Field(x => x.PageSize);
    }
}
