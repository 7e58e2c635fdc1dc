using GraphQL.Types;

namespace LlmIntercept.Dashboard.GraphQL;

internal sealed class DashboardSchema : Schema
{
    public DashboardSchema(IServiceProvider services, QueryType query)
        : base(services)
    {
        Query = query;
    }
}
