using GraphQL;
using GraphQL.Types;

namespace LlmIntercept.Dashboard.GraphQL;

internal sealed class DashboardSchema : Schema
{
    public DashboardSchema(IServiceProvider services, QueryType query, MutationType mutation)
        : base(services)
    {
        Query = query;
        Mutation = mutation;

        // Introspection is answered from the schema, not the store: it costs nothing worth limiting.
        this.WithIntrospectionComplexityImpact(0);
    }
}
