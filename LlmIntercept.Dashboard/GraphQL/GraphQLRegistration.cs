using GraphQL;
using LlmIntercept.Dashboard.Export;
using LlmIntercept.Dashboard.Requests;
using LlmIntercept.Dashboard.Review;
using LlmIntercept.Dashboard.Stats;

namespace LlmIntercept.Dashboard.GraphQL;

internal static class GraphQLRegistration
{
    /// <summary>Highest complexity accepted (a scalar counts 1, each list multiplies its children by 5).</summary>
    public const int MaxComplexity = 2_000;

    public static IServiceCollection AddDashboardGraphQL(this IServiceCollection services)
    {
        services.AddSingleton<RequestReader>();
        services.AddSingleton<StatsReader>();
        services.AddSingleton<ReviewActions>();
        services.AddSingleton<ExportReports>();
        services.AddGraphQL(graphQL => graphQL
            .AddSchema<DashboardSchema>()
            .AddGraphTypes(typeof(DashboardSchema).Assembly)
            .AddSystemTextJson()
            .AddErrorInfoProvider(options => options.ExposeExceptionDetails = false)
            .AddValidationRule<QueryDepthRule>()
            .AddComplexityAnalyzer(options => options.MaxComplexity = MaxComplexity)
            .ConfigureExecutionOptions(options => options.ThrowOnUnhandledException = false)
            .AddUnhandledExceptionHandler(LogUnhandled));
        return services;
    }

    private static void LogUnhandled(global::GraphQL.Execution.UnhandledExceptionContext context)
    {
        if (context.OriginalException is OperationCanceledException)
        {
            return;
        }

        var logger = context.ExecutionOptions.RequestServices?.GetService<ILogger<DashboardSchema>>();
        if (logger is not null)
        {
            Log.ResolverFailed(logger, context.FieldContext?.FieldDefinition.Name ?? "(document)", context.OriginalException);
        }
    }
}
