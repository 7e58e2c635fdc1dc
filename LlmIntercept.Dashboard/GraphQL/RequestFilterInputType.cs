using GraphQL.Types;
using LlmIntercept.Dashboard.Requests;

namespace LlmIntercept.Dashboard.GraphQL;

internal sealed class RequestFilterInputType : InputObjectGraphType<RequestFilterInput>
{
    public RequestFilterInputType()
    {
        Name = "RequestFilterInput";
        Field(x => x.From, nullable: true).Description("Inclusive lower bound (UTC).");
        Field(x => x.To, nullable: true).Description("Exclusive upper bound (UTC).");
        Field(x => x.Models, type: typeof(ListGraphType<NonNullGraphType<StringGraphType>>));
        Field(x => x.Search, nullable: true).Description("Full-text search over message content; any text is safe.");
        Field(x => x.Status, nullable: true).Description("\"ok\" or \"error\".");
        Field(x => x.Outcomes, type: typeof(ListGraphType<NonNullGraphType<StringGraphType>>));
        Field(x => x.Stream, nullable: true);
        Field(x => x.HasToolCalls, nullable: true);
        Field(x => x.Tags, type: typeof(ListGraphType<NonNullGraphType<StringGraphType>>))
            .Description("Requests carrying every one of these tags.");
        Field(x => x.Starred, nullable: true);
        Field(x => x.Excluded, nullable: true);
    }
}
