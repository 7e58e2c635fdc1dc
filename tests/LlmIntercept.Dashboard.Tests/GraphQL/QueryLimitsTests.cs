using System.Net;
using LlmIntercept.Dashboard.Tests.Infrastructure;

namespace LlmIntercept.Dashboard.Tests.GraphQL;

public sealed class QueryLimitsTests(SeededDashboard dashboard) : IClassFixture<SeededDashboard>
{
    /// <summary>The introspection query GraphiQL sends (graphql-js getIntrospectionQuery, default options).</summary>
    private const string IntrospectionQuery = """
        query IntrospectionQuery {
          __schema {
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
            ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
        }
        """;

    [Fact]
    public async Task Query_DeeperThanTenLevels_IsRefusedWith400()
    {
        // The schema has no cycles, so only a query that also asks for fields that do not exist gets this deep.
        const string deep = "{ requests { items { id { a { b { c { d { e { f { g { h } } } } } } } } } } }";

        var answer = await dashboard.Client.GraphQLAsync(deep);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("The query is nested deeper than 10 levels.", answer.ErrorMessages);
        Assert.False(answer.Body.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Query_IntrospectionDeeperThanFifteenLevels_IsRefusedWith400()
    {
        var ofTypes = string.Concat(Enumerable.Repeat("ofType { ", 11)) + "name" + new string('}', 11);
        var deep = "{ __schema { types { fields { type { " + ofTypes + " } } } } }";

        var answer = await dashboard.Client.GraphQLAsync(deep);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(["The query is nested deeper than 15 levels of introspection."], answer.ErrorMessages);
    }

    [Fact]
    public async Task Query_DeepThroughFragments_IsMeasuredThroughThem()
    {
        const string deep = """
            { __schema { types { ...A } } }
            fragment A on __Type { fields { type { ...B } } }
            fragment B on __Type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }
            """;

        var answer = await dashboard.Client.GraphQLAsync(deep);

        // __schema, types, fields and type are 4 levels; 11 ofType and name make 16.
        Assert.Equal(["The query is nested deeper than 15 levels of introspection."], answer.ErrorMessages);
    }

    [Fact]
    public async Task Query_TooComplex_IsRefusedWith400()
    {
        var fields = string.Join(" ", Enumerable.Range(0, 120).Select(i => $"r{i}: requests {{ items {{ id model }} }}"));

        var answer = await dashboard.Client.GraphQLAsync("{ " + fields + " }");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("complexity", Assert.Single(answer.ErrorMessages), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Introspection_AsGraphiQLSendsIt_IsAnswered()
    {
        var data = (await dashboard.Client.GraphQLAsync(IntrospectionQuery)).Ok();

        Assert.Equal("Query", data.GetProperty("__schema").GetProperty("queryType").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("{ requests { ")]
    [InlineData("query { nope }")]
    [InlineData("{ requests(pageSize: \"ten\") { totalCount } }")]
    [InlineData("")]
    public async Task Query_MalformedOrInvalid_Is400WithErrorsAndNoStackTrace(string query)
    {
        var answer = await dashboard.Client.GraphQLAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.NotEmpty(answer.ErrorMessages);
        Assert.DoesNotContain("   at ", answer.Body.GetRawText());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1, 2]")]
    [InlineData("\"just a string\"")]
    public async Task Body_NotAGraphQLRequest_Is400WithErrorsJson(string body)
    {
        using var response = await dashboard.Client.PostRawAsync("graphql", body, "application/json");

        var answer = await GraphQLAnswer.ReadAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.StartsWith("The body must be JSON", Assert.Single(answer.ErrorMessages));
    }

    [Fact]
    public async Task Body_LargerThanTheLimit_Is400()
    {
        var query = "{ requests { totalCount } }" + new string(' ', 300 * 1024);

        var answer = await dashboard.Client.GraphQLAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }
}
