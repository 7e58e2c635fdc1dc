using GraphQL.Types;
using LlmIntercept.Dashboard.Requests;
using LlmIntercept.Store;

namespace LlmIntercept.Dashboard.GraphQL;

/// <summary>The fields a request shows in the list; the detail type has them too.</summary>
internal static class RequestFields
{
    public static void AddSummaryFields(this ObjectGraphType<LlmRequest> type)
    {
        type.Field(x => x.Id, type: typeof(NonNullGraphType<LongGraphType>));
        type.Field<NonNullGraphType<DateTimeGraphType>, DateTime>("timestamp").Resolve(c => AsUtc(c.Source.Timestamp));
        type.Field(x => x.Model, nullable: true);
        type.Field(x => x.Status);
        type.Field(x => x.Outcome);
        type.Field(x => x.StatusCode, nullable: true);
        type.Field(x => x.ResponseTimeMs);
        type.Field(x => x.Stream);
        type.Field(x => x.HasToolCalls);
        type.Field(x => x.PromptTokens, nullable: true);
        type.Field(x => x.CompletionTokens, nullable: true);
        type.Field(x => x.TotalTokens, nullable: true);
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>, IEnumerable<string>>("tags")
            .Resolve(c => c.Source.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries));
        type.Field(x => x.Starred).Description("Marked in review.");
        type.Field(x => x.Excluded).Description("Left out of every dataset export.");
        type.Field<StringGraphType, string?>("preview")
            .Description("The last user message's text, at most 200 characters.")
            .Resolve(c => Preview.FromMessages(c.Source.Messages));
    }

    /// <summary>SQLite gives back times without a kind; the store only ever writes UTC.</summary>
    public static DateTime AsUtc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
