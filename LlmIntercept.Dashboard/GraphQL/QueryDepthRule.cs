using GraphQL.Validation;
using GraphQLParser.AST;

namespace LlmIntercept.Dashboard.GraphQL;

/// <summary>
/// Refuses an operation nested deeper than <see cref="MaxDepth"/> levels of fields, fragments followed. Inside
/// introspection (<c>__schema</c>, <c>__type</c>), which is answered from the schema and never reaches the
/// store, <see cref="MaxIntrospectionDepth"/> applies instead: the query GraphiQL sends is 14 levels deep.
/// </summary>
internal sealed class QueryDepthRule : ValidationRuleBase
{
    public const int MaxDepth = 10;
    public const int MaxIntrospectionDepth = 15;

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var fragments = context.Document.Definitions
            .OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue)
            .ToDictionary(g => g.Key, g => g.First());
        var walk = new Walk(fragments);
        walk.Visit(context.Operation.SelectionSet, depth: 0, introspection: false);
        if (walk.Error is { } error)
        {
            context.ReportError(new ValidationError(context.Document.Source, "MAX_DEPTH", error, context.Operation));
        }

        return default;
    }

    private sealed class Walk(Dictionary<string, GraphQLFragmentDefinition> fragments)
    {
        private readonly HashSet<string> following = new(StringComparer.Ordinal);

        public string? Error { get; private set; }

        public void Visit(GraphQLSelectionSet? selections, int depth, bool introspection)
        {
            foreach (var selection in selections?.Selections ?? [])
            {
                if (Error is not null)
                {
                    return;
                }

                switch (selection)
                {
                    case GraphQLField field:
                        VisitField(field, depth + 1, introspection || IsIntrospection(field));
                        break;
                    case GraphQLInlineFragment inline:
                        Visit(inline.SelectionSet, depth, introspection);
                        break;
                    case GraphQLFragmentSpread spread:
                        VisitSpread(spread.FragmentName.Name.StringValue, depth, introspection);
                        break;
                }
            }
        }

        private static bool IsIntrospection(GraphQLField field) =>
            field.Name.StringValue is "__schema" or "__type";

        private void VisitField(GraphQLField field, int depth, bool introspection)
        {
            var limit = introspection ? MaxIntrospectionDepth : MaxDepth;
            if (depth > limit)
            {
                Error = $"The query is nested deeper than {limit} levels{(introspection ? " of introspection" : "")}.";
                return;
            }

            Visit(field.SelectionSet, depth, introspection);
        }

        private void VisitSpread(string name, int depth, bool introspection)
        {
            // An unknown or cyclic fragment is reported by the standard rules; it only stops the walk here.
            if (!fragments.TryGetValue(name, out var fragment) || !following.Add(name))
            {
                return;
            }

            Visit(fragment.SelectionSet, depth, introspection);
            following.Remove(name);
        }
    }
}
