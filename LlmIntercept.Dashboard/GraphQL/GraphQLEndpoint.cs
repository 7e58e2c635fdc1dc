using GraphQL;
using GraphQL.Transport;
using LlmIntercept.Dashboard.SignIn;
using Microsoft.AspNetCore.Http.Features;

namespace LlmIntercept.Dashboard.GraphQL;

/// <summary>
/// <c>POST {base}/graphql</c>: a hand-written GraphQL-over-HTTP endpoint. A request that cannot be parsed or
/// validated (bad JSON, syntax error, unknown field, too deep or too complex) answers 400 with the errors; one that
/// ran answers 200, with field errors, if any, beside the data.
/// </summary>
internal static class GraphQLEndpoint
{
    public const long MaxBodyBytes = 256 * 1024;

    public static void MapDashboardGraphQL(this RouteGroupBuilder dashboard) =>
        dashboard.MapPost("/graphql", HandleAsync)
            .AddEndpointFilter<SessionRequired>()
            .AddEndpointFilter<CsrfProtected>();

    private static async Task HandleAsync(
        HttpContext http,
        IDocumentExecuter<DashboardSchema> executer,
        IGraphQLTextSerializer serializer,
        CancellationToken cancellationToken)
    {
        var request = await ReadAsync(http, serializer, cancellationToken);
        var result = request is { Query: { Length: > 0 } query }
            ? await executer.ExecuteAsync(new ExecutionOptions
            {
                Query = query,
                Variables = request.Variables,
                OperationName = request.OperationName,
                Extensions = request.Extensions,
                RequestServices = http.RequestServices,
                User = http.User,
                CancellationToken = cancellationToken,
            })
            : Failure("The body must be JSON {\"query\": \"...\", \"variables\": {...}} with a query.");

        http.Response.StatusCode = result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        http.Response.ContentType = "application/json; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, cancellationToken);
    }

    private static async Task<GraphQLRequest?> ReadAsync(
        HttpContext http,
        IGraphQLTextSerializer serializer,
        CancellationToken cancellationToken)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            return await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, cancellationToken);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or BadHttpRequestException)
        {
            // A body that is not JSON, or is too large, is the client's mistake: answered below as a 400.
            return null;
        }
    }

    private static ExecutionResult Failure(string message) =>
        new() { Executed = false, Errors = [new ExecutionError(message) { Code = "BAD_REQUEST" }] };
}
