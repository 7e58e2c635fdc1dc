using LlmIntercept.Dashboard.Tests.Infrastructure;

namespace LlmIntercept.Dashboard.Tests.GraphQL;

/// <summary>
/// Full-text search through SQLite FTS5 (tokenizer unicode61, remove_diacritics 2). Every word must occur; the
/// last one may be the beginning of a word. Operators and punctuation are plain text, never FTS5 syntax.
/// </summary>
public abstract class SearchTests(SeededDashboard dashboard)
{
    private const string Query = """
        query($search: String) { requests(filter: {search: $search}, pageSize: 100) { totalCount items { id } } }
        """;

    public static TheoryData<string, long[]> Matches => new()
    {
        { "weather", [4] },
        { "WEATHER berlin", [4] },
        { "reset password", [1] },
        { "reset pass", [1] },
        { "Tokyo", [9] },
        { "report", [10] },
        { "flight tokyo", [9] },
        { "zzzz", [] },
        // FTS5 operators are searched as words, never obeyed: only row 3 contains them.
        { "AND", [3] },
        { "OR", [3] },
        { "NOT", [3] },
        { "NEAR", [3] },
        { "reset OR weather", [] },
        { "NEAR(reset password)", [] },
        // Quotes, parentheses and stars are punctuation around the words of row 7.
        { "\"quoted\"", [7] },
        { "(world)", [7] },
        { "end*", [7] },
        { "hello \"world", [7] },
        // No word at all: a plain substring search over the stored messages.
        { "*", [7] },
        { "(", [7] },
        // Latin diacritics are folded both ways.
        { "meteo", [2] },
        { "MÉTÉO à", [2] },
        // Cyrillic and Greek are words like any other, case-folded.
        { "Напиши", [5] },
        { "напиши зиме", [5] },
        { "стихотворение", [5] },
        { "Καλημέρα", [6] },
        { "καλημέρα κόσμε", [6] },
        // unicode61 folds the diacritics of Latin letters only: Greek without its accents is another word.
        { "καλημερα", [] },
        // Japanese has no spaces: unicode61 makes "東京の天気は" one token, so a search finds it by its
        // beginning (the last word matches as a prefix) or whole, but not by a word inside it.
        { "東京", [8] },
        { "東京の天気は", [8] },
        { "天気", [] },
        { "晴れです", [8] },
    };

    public static TheoryData<string> Hostile => new()
    {
        "\"", "\"\"", "\"unclosed", "'", "''", "\\", "(", ")", "()", "((a", "a)", "*", "**", "a*b", "^", "-", "-a",
        "+", ":", "col:word", "body:reset", "AND", "OR", "NOT", "NEAR", "AND OR NOT", "a AND", "OR b", "NOT NOT",
        "NEAR(a b, 2)", "\"a\" OR \"b\"", "{a b}", "[a]", "%", "_", "%_%", "'; DROP TABLE llm_requests; --",
        "\u0000", "😀", "日本語", "Ελληνικά", "Русский", "a\u0301", "\t\n", new string('a', 2000),
    };

    [Theory]
    [MemberData(nameof(Matches))]
    public async Task Search_FindsExactlyTheRowsContainingTheWords(string search, long[] expected)
    {
        var requests = (await dashboard.Client.GraphQLAsync(Query, new { search })).Ok().GetProperty("requests");

        Assert.Equal(expected, RequestsQueryTests.Ids(requests));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Search_AnyText_NeverFails(string search)
    {
        var answer = await dashboard.Client.GraphQLAsync(Query, new { search });

        var total = answer.Ok().GetProperty("requests").GetProperty("totalCount").GetInt64();
        Assert.InRange(total, 0, 10);
    }

    [Fact]
    public async Task Search_AfterHostileText_TheStoreIsIntact()
    {
        await dashboard.Client.GraphQLAsync(Query, new { search = "'); DROP TABLE llm_requests; --" });

        var data = (await dashboard.Client.GraphQLAsync("{ requests { totalCount } }")).Ok();
        Assert.Equal(10, data.GetProperty("requests").GetProperty("totalCount").GetInt64());
    }
}

public sealed class SqliteSearchTests(SeededDashboard dashboard) : SearchTests(dashboard), IClassFixture<SeededDashboard>;

public sealed class PostgresSearchTests(PostgresSeededDashboard dashboard)
    : SearchTests(dashboard), IClassFixture<PostgresSeededDashboard>;
