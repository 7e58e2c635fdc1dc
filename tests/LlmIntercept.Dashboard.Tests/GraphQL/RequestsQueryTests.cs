using System.Text.Json;
using LlmIntercept.Dashboard.Tests.Infrastructure;

namespace LlmIntercept.Dashboard.Tests.GraphQL;

public abstract class RequestsQueryTests(SeededDashboard dashboard)
{
    private const string PageQuery = """
        query($filter: RequestFilterInput, $page: Int, $pageSize: Int) {
          requests(filter: $filter, page: $page, pageSize: $pageSize) { totalCount page pageSize items { id } }
        }
        """;

    public static TheoryData<string, long[]> SingleFilters => new()
    {
        { "{}", [10, 9, 8, 7, 6, 5, 4, 3, 2, 1] },
        { """{"from":"2026-03-01T11:00:00Z"}""", [10, 9, 8, 7, 6, 5] },
        { """{"to":"2026-03-01T11:00:00Z"}""", [4, 3, 2, 1] },
        { """{"from":"2026-03-01T12:00:00+01:00"}""", [10, 9, 8, 7, 6, 5] },
        { """{"models":["claude-3","gpt-4o-mini"]}""", [10, 6, 5, 4, 3] },
        { """{"models":["gpt-4o"]}""", [9, 8, 2, 1] },
        { """{"status":"ok"}""", [10, 9, 8, 5, 4, 2, 1] },
        { """{"status":"error"}""", [7, 6, 3] },
        { """{"outcomes":["refusal","stream_error"]}""", [6, 5] },
        { """{"outcomes":["upstream_unreachable"]}""", [7] },
        { """{"stream":true}""", [9, 6, 5, 2] },
        { """{"stream":false}""", [10, 8, 7, 4, 3, 1] },
        { """{"hasToolCalls":true}""", [9, 4] },
        { """{"hasToolCalls":false}""", [10, 8, 7, 6, 5, 3, 2, 1] },
        { """{"tags":["support"]}""", [8, 2, 1] },
        { """{"tags":["v2"]}""", [9, 6, 2] },
        { """{"tags":["support","v2"]}""", [2] },
        { """{"search":"weather"}""", [4] },
        { """{"models":["no-such-model"]}""", [] },
    };

    public static TheoryData<string, long[]> CombinedFilters => new()
    {
        { """{"models":["gpt-4o"],"status":"ok","stream":false,"from":"2026-03-01T00:00:00Z"}""", [8, 1] },
        { """{"tags":["v2"],"stream":true,"status":"error"}""", [6] },
        { """{"search":"report","models":["gpt-4o-mini"]}""", [10] },
        { """{"search":"report","models":["gpt-4o"]}""", [] },
        { """{"from":"2026-03-01T10:05:00Z","to":"2026-03-01T11:00:00Z","hasToolCalls":false}""", [3, 2] },
        { """{"outcomes":["complete"],"tags":["support"],"to":"2026-03-01T13:00:00Z"}""", [2, 1] },
    };

    [Theory]
    [MemberData(nameof(SingleFilters))]
    public async Task Requests_EachFilterAlone_ReturnsExactlyTheMatchingIdsNewestFirst(string filter, long[] expected) =>
        await AssertPageAsync(filter, expected);

    [Theory]
    [MemberData(nameof(CombinedFilters))]
    public async Task Requests_CombinedFilters_AndTheirConditions(string filter, long[] expected) =>
        await AssertPageAsync(filter, expected);

    [Theory]
    [InlineData(1, new long[] { 10, 9, 8 })]
    [InlineData(2, new long[] { 7, 6, 5 })]
    [InlineData(4, new long[] { 1 })]
    [InlineData(5, new long[0])]
    public async Task Requests_Paged_ReturnsThatSliceAndTheFullCount(int page, long[] expected)
    {
        var data = (await dashboard.Client.GraphQLAsync(PageQuery, new { page, pageSize = 3 })).Ok();

        var requests = data.GetProperty("requests");
        Assert.Equal(expected, Ids(requests));
        Assert.Equal(10, requests.GetProperty("totalCount").GetInt64());
        Assert.Equal(page, requests.GetProperty("page").GetInt32());
        Assert.Equal(3, requests.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task Requests_WithoutPaging_UsesPageOneOfTwenty()
    {
        var data = (await dashboard.Client.GraphQLAsync("{ requests { page pageSize totalCount } }")).Ok();

        Assert.Equal(1, data.GetProperty("requests").GetProperty("page").GetInt32());
        Assert.Equal(20, data.GetProperty("requests").GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task Requests_PageSizeOfOneHundred_IsAccepted()
    {
        var data = (await dashboard.Client.GraphQLAsync(PageQuery, new { pageSize = 100 })).Ok();

        Assert.Equal(10, data.GetProperty("requests").GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData(101, 1, "pageSize")]
    [InlineData(0, 1, "pageSize")]
    [InlineData(20, 0, "page")]
    public async Task Requests_PagingOutOfRange_IsAGraphQLError(int pageSize, int page, string argument)
    {
        var answer = await dashboard.Client.GraphQLAsync(PageQuery, new { page, pageSize });

        Assert.Equal(System.Net.HttpStatusCode.OK, answer.Status);
        Assert.Equal(JsonValueKind.Null, answer.Data.ValueKind);
        var message = Assert.Single(answer.ErrorMessages);
        Assert.StartsWith(argument + " must", message);
    }

    [Theory]
    [InlineData("""{"status":"fine"}""", "filter.status")]
    [InlineData("""{"outcomes":["complete","exploded"]}""", "filter.outcomes")]
    [InlineData("""{"from":"2026-03-02T00:00:00Z","to":"2026-03-01T00:00:00Z"}""", "filter.to (2026-03-01T00:00:00Z) must be later than filter.from (2026-03-02T00:00:00Z)")]
    [InlineData("""{"from":"2026-03-01T10:00:00Z","to":"2026-03-01T10:00:00Z"}""", "filter.to (2026-03-01T10:00:00Z) must be later")]
    public async Task Requests_UnknownStatusOrOutcome_IsAGraphQLErrorNamingTheField(string filter, string field)
    {
        var answer = await dashboard.Client.GraphQLAsync(PageQuery, new { filter = JsonDocument.Parse(filter).RootElement });

        Assert.StartsWith(field, Assert.Single(answer.ErrorMessages));
    }

    [Fact]
    public async Task Requests_Items_CarryTheListFieldsAndAPreviewOfTheLastUserMessage()
    {
        const string query = """
            { requests(filter: {models: ["gpt-4o-mini"], hasToolCalls: true}) { items {
                id timestamp model status outcome statusCode responseTimeMs stream hasToolCalls
                promptTokens completionTokens totalTokens preview } } }
            """;

        var item = (await dashboard.Client.GraphQLAsync(query)).Ok().GetProperty("requests").GetProperty("items")[0];

        Assert.Equal(4, item.GetProperty("id").GetInt64());
        Assert.Equal(new DateTime(2026, 3, 1, 10, 40, 0, DateTimeKind.Utc), item.GetProperty("timestamp").GetDateTime().ToUniversalTime());
        Assert.EndsWith("Z", item.GetProperty("timestamp").GetString());
        Assert.Equal("gpt-4o-mini", item.GetProperty("model").GetString());
        Assert.Equal("ok", item.GetProperty("status").GetString());
        Assert.Equal("complete", item.GetProperty("outcome").GetString());
        Assert.Equal(200, item.GetProperty("statusCode").GetInt32());
        Assert.Equal(800, item.GetProperty("responseTimeMs").GetDouble());
        Assert.False(item.GetProperty("stream").GetBoolean());
        Assert.True(item.GetProperty("hasToolCalls").GetBoolean());
        Assert.Equal(40, item.GetProperty("promptTokens").GetInt32());
        Assert.Equal(5, item.GetProperty("completionTokens").GetInt32());
        Assert.Equal(45, item.GetProperty("totalTokens").GetInt32());
        Assert.Equal("What's the weather in Berlin?", item.GetProperty("preview").GetString());
    }

    private async Task AssertPageAsync(string filter, long[] expected)
    {
        var variables = new { filter = JsonDocument.Parse(filter).RootElement, pageSize = 100 };

        var requests = (await dashboard.Client.GraphQLAsync(PageQuery, variables)).Ok().GetProperty("requests");

        Assert.Equal(expected, Ids(requests));
        Assert.Equal(expected.Length, requests.GetProperty("totalCount").GetInt64());
    }

    internal static long[] Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetInt64()).ToArray();
}

public sealed class SqliteRequestsQueryTests(SeededDashboard dashboard) : RequestsQueryTests(dashboard), IClassFixture<SeededDashboard>;

public sealed class PostgresRequestsQueryTests(PostgresSeededDashboard dashboard)
    : RequestsQueryTests(dashboard), IClassFixture<PostgresSeededDashboard>;
