using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using LlmIntercept.Dashboard.Requests;
using LlmIntercept.Dashboard.Review;
using LlmIntercept.Store.Curation;

namespace LlmIntercept.Dashboard.GraphQL;

/// <summary>
/// Review actions and retention. They run over <c>POST graphql</c>, which needs the session cookie and passes
/// the CSRF rule (JSON body or <c>X-Requested-With: fetch</c>), like every state-changing request here. Each
/// review action takes either <c>ids</c> or <c>filter</c> (a bulk action on the current filter) and returns how
/// many requests it changed.
/// </summary>
internal sealed class MutationType : ObjectGraphType
{
    public const int MaxIds = 1_000;

    public MutationType()
    {
        Name = "Mutation";

        Target(Field<NonNullGraphType<LongGraphType>, int>("setExcluded")
            .Description("Exclude requests from dataset exports, or include them again.")
            .Argument<NonNullGraphType<BooleanGraphType>>("excluded"))
            .ResolveAsync(c => Service(c).SetExcludedAsync(ReadTarget(c), c.GetArgument<bool>("excluded"), c.CancellationToken));

        Target(Field<NonNullGraphType<LongGraphType>, int>("setStarred")
            .Argument<NonNullGraphType<BooleanGraphType>>("starred"))
            .ResolveAsync(c => Service(c).SetStarredAsync(ReadTarget(c), c.GetArgument<bool>("starred"), c.CancellationToken));

        Target(Field<NonNullGraphType<LongGraphType>, int>("addTag")
            .Argument<NonNullGraphType<StringGraphType>>("tag"))
            .ResolveAsync(c => Service(c).AddTagAsync(ReadTarget(c), ReadTag(c), c.CancellationToken));

        Target(Field<NonNullGraphType<LongGraphType>, int>("removeTag")
            .Argument<NonNullGraphType<StringGraphType>>("tag"))
            .ResolveAsync(c => Service(c).RemoveTagAsync(ReadTarget(c), ReadTag(c), c.CancellationToken));

        Field<NonNullGraphType<PruneResultType>, PruneResult>("pruneRequests")
            .Description("Delete requests older than the given days (SQLite is compacted afterwards).")
            .Argument<NonNullGraphType<IntGraphType>>("olderThanDays")
            .Argument<BooleanGraphType>("keepTagged", a => a.DefaultValue = false)
            .Argument<BooleanGraphType>("keepStarred", a => a.DefaultValue = false)
            .ResolveAsync(ResolvePruneAsync);
    }

    private static FieldBuilder<object?, int> Target(FieldBuilder<object?, int> field) => field
        .Argument<ListGraphType<NonNullGraphType<LongGraphType>>>("ids")
        .Argument<RequestFilterInputType>("filter");

    private static async Task<PruneResult?> ResolvePruneAsync(IResolveFieldContext<object?> context)
    {
        var days = context.GetArgument<int>("olderThanDays");
        if (days < 1)
        {
            throw InvalidArgument($"olderThanDays must be at least 1, not {days}.");
        }

        return await Service(context).PruneAsync(
            days,
            context.GetArgument<bool?>("keepTagged") ?? false,
            context.GetArgument<bool?>("keepStarred") ?? false,
            context.CancellationToken);
    }

    private static ReviewTarget ReadTarget(IResolveFieldContext context)
    {
        var ids = context.GetArgument<List<long>?>("ids");
        var hasFilter = context.HasArgument("filter");
        if ((ids is null) == !hasFilter)
        {
            throw InvalidArgument("Give either ids or filter, not both and not neither.");
        }

        if (ids is { Count: > MaxIds })
        {
            throw InvalidArgument($"At most {MaxIds} ids at once; use filter for larger selections.");
        }

        if (ids is not null)
        {
            return new ReviewTarget(ids, null);
        }

        var input = context.GetArgument<RequestFilterInput?>("filter");
        return RequestFilterInput.TryConvert(input, out var filter, out var error)
            ? new ReviewTarget(null, filter)
            : throw InvalidArgument(error);
    }

    private static string ReadTag(IResolveFieldContext context)
    {
        var tag = context.GetArgument<string>("tag");
        return TagNames.Normalize(tag)
            ?? throw InvalidArgument($"\"{tag}\" is not a tag (1 to {TagNames.MaxLength} characters, no commas).");
    }

    private static ExecutionError InvalidArgument(string message) => new(message) { Code = "BAD_USER_INPUT" };

    private static ReviewActions Service(IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<ReviewActions>();
}
