using GraphQL;
using GraphQL.Types;
using LlmIntercept.Dashboard.Export;
using LlmIntercept.Dashboard.Requests;
using LlmIntercept.Dashboard.Stats;
using LlmIntercept.Plugins;
using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Store;
using LlmIntercept.Store.Queries;

namespace LlmIntercept.Dashboard.GraphQL;

/// <summary>The root of docs/graphql-schema.md. Resolvers only check arguments and call the readers.</summary>
internal sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";

        Field<NonNullGraphType<RequestPageType>, RequestPage>("requests")
            .Description("Requests matching the filter, newest first; pageSize 1..100.")
            .Argument<RequestFilterInputType>("filter")
            .Argument<IntGraphType>("page", a => a.DefaultValue = 1)
            .Argument<IntGraphType>("pageSize", a => a.DefaultValue = RequestReader.DefaultPageSize)
            .ResolveAsync(ResolveRequestsAsync);

        Field<RequestType, LlmRequest>("request")
            .Description("Everything stored about one request; null when absent.")
            .Argument<NonNullGraphType<LongGraphType>>("id")
            .ResolveAsync(c => Service<RequestReader>(c).FindAsync(c.GetArgument<long>("id"), c.CancellationToken));

        Field<NonNullGraphType<StatsType>, DashboardStats>("stats")
            .Argument<RequestFilterInputType>("filter")
            .Argument<IntGraphType>("bucketMinutes")
            .ResolveAsync(ResolveStatsAsync);

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>, IReadOnlyList<string>>("models")
            .Description("Distinct models in the store, sorted.")
            .ResolveAsync(async c => await Service<RequestReader>(c).ModelsAsync(c.CancellationToken));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ExportFormatType>>>, IReadOnlyList<IDatasetExporter>>(
                "exportFormats")
            .Resolve(c => Service<IPluginCatalog>(c).Exporters);

        Field<NonNullGraphType<LongGraphType>, long>("exportCount")
            .Description("How many rows an export with this filter would write.")
            .Argument<RequestFilterInputType>("filter")
            .Argument<BooleanGraphType>("includeSystemPrompts", a => a.DefaultValue = true)
            .ResolveAsync(ResolveExportCountAsync);

        Field<NonNullGraphType<ExportReportType>, ExportSummary>("exportPreview")
            .Description("The quality report an export with these options would give, without writing a file.")
            .Argument<RequestFilterInputType>("filter")
            .Argument<BooleanGraphType>("includeSystemPrompts", a => a.DefaultValue = true)
            .Argument<ExportOptionsInputType>("options")
            .ResolveAsync(ResolveExportPreviewAsync);

        Field<ExportReportType, ExportSummary>("exportReport")
            .Description("The report of a finished download, by its X-Export-Id header; null when unknown or too old.")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .Resolve(c => Service<ExportReports>(c).Find(c.GetArgument<string>("id")));
    }

    private static async Task<ExportSummary?> ResolveExportPreviewAsync(IResolveFieldContext<object?> context)
    {
        var filter = Filter(context);
        var input = context.GetArgument<ExportOptionsInput?>("options");
        if (!ExportOptionsInput.TryConvert(input, out var curation, out var error))
        {
            throw InvalidArgument(error);
        }

        var includeSystemPrompts = context.GetArgument<bool?>("includeSystemPrompts") ?? true;
        var request = new ExportRequest(Format: "", filter, includeSystemPrompts) { Curation = curation };
        return await Service<IDatasetExportService>(context).PreviewAsync(request, context.CancellationToken);
    }

    private static async Task<RequestPage?> ResolveRequestsAsync(IResolveFieldContext<object?> context)
    {
        var page = context.GetArgument<int?>("page") ?? 1;
        var pageSize = context.GetArgument<int?>("pageSize") ?? RequestReader.DefaultPageSize;
        if (pageSize is < 1 or > RequestReader.MaxPageSize)
        {
            throw InvalidArgument($"pageSize must be between 1 and {RequestReader.MaxPageSize}, not {pageSize}.");
        }

        if (page < 1 || (long)(page - 1) * pageSize > int.MaxValue)
        {
            throw InvalidArgument($"page must be at least 1 and within the store, not {page}.");
        }

        var filter = Filter(context);
        return await Service<RequestReader>(context).PageAsync(filter, page, pageSize, context.CancellationToken);
    }

    private static async Task<DashboardStats?> ResolveStatsAsync(IResolveFieldContext<object?> context)
    {
        var bucketMinutes = context.GetArgument<int?>("bucketMinutes");
        if (bucketMinutes is { } minutes && !Timeline.IsValidBucket(minutes))
        {
            throw InvalidArgument(
                $"bucketMinutes must divide a day (1, 5, 15, 60, 1440 ...) or be whole days up to 366, not {minutes}.");
        }

        var filter = Filter(context);
        return await Service<StatsReader>(context).ReadAsync(filter, bucketMinutes, context.CancellationToken);
    }

    private static async Task<long> ResolveExportCountAsync(IResolveFieldContext<object?> context)
    {
        var filter = Filter(context);
        var includeSystemPrompts = context.GetArgument<bool?>("includeSystemPrompts") ?? true;
        var request = new ExportRequest(Format: "", filter, includeSystemPrompts);
        return await Service<IDatasetExportService>(context).CountAsync(request, context.CancellationToken);
    }

    private static RequestFilter Filter(IResolveFieldContext context)
    {
        var input = context.GetArgument<RequestFilterInput?>("filter");
        return RequestFilterInput.TryConvert(input, out var filter, out var error) ? filter : throw InvalidArgument(error);
    }

    private static ExecutionError InvalidArgument(string message) => new(message) { Code = "BAD_USER_INPUT" };

    private static T Service<T>(IResolveFieldContext context)
        where T : notnull => context.RequestServices!.GetRequiredService<T>();
}
