using LlmIntercept.Dashboard.Tests.Infrastructure;
using LlmIntercept.Store;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Dashboard.Tests.GraphQL;

/// <summary>
/// Search pages come from the full-text index's newest-recorded matches when that is provably the same as
/// ordering every match by timestamp. These requests are recorded out of timestamp order (long streams end after
/// short calls that started later, and a few very late records carry old or new timestamps), so every page must
/// still be exactly the newest-first order worked out here from the generated rows.
/// </summary>
public sealed class SearchPagingTests : IAsyncLifetime
{
    private const string Query = """
        query($search: String, $page: Int, $size: Int) {
          requests(filter: {search: $search}, page: $page, pageSize: $size) { totalCount items { id } }
        }
        """;

    private static readonly DateTime Start = new(2026, 7, 1, 8, 0, 0, DateTimeKind.Utc);

    private readonly List<LlmRequest> requests = [];
    private DashboardHost? host;
    private DashboardClient? client;

    public async Task InitializeAsync()
    {
        host = await DashboardHost.StartAsync(new DashboardHostOptions { SeedKnownRequests = false });
        var random = new Random(5);
        for (var i = 0; i < 2_000; i++)
        {
            // Recorded in this order; each started up to ten minutes before it was recorded.
            var started = Start.AddSeconds(i * 3 - random.Next(0, 600)).AddTicks(random.Next(0, 10_000_000));
            if (i % 500 == 499)
            {
                // A record that arrives long after it started (a stream that ran for hours).
                started = Start.AddHours(-5).AddSeconds(i);
            }

            var words = (random.Next(100) < 40 ? "common " : "") + (random.Next(100) < 3 ? "rare " : "") + "text";
            requests.Add(new LlmRequest
            {
                Timestamp = started,
                Model = "m",
                Status = RequestStatus.Ok,
                Outcome = RequestOutcome.Complete,
                Messages = $$"""[{"role":"user","content":"{{words}} {{i}}"}]""",
            });
        }

        await host.Services.GetRequiredService<RequestBatchWriter>().WriteAsync(requests, default);
        client = await host.NewClient().SignedInAsync();
    }

    [Theory]
    [InlineData("common", 1, 20)]
    [InlineData("common", 3, 50)]
    [InlineData("common", 16, 50)]
    [InlineData("common", 17, 50)]
    [InlineData("common", 1, 100)]
    [InlineData("rare", 1, 20)]
    [InlineData("rare", 2, 20)]
    [InlineData("text", 1, 50)]
    [InlineData("text", 39, 50)]
    [InlineData("text", 40, 50)]
    [InlineData("text", 41, 50)]
    public async Task SearchPage_IsTheNewestFirstPageOfEveryMatch(string word, int page, int size)
    {
        var matching = requests
            .Where(r => r.Messages!.Contains(word + " ", StringComparison.Ordinal))
            .OrderByDescending(r => r.Timestamp)
            .ThenByDescending(r => r.Id)
            .ToList();
        Assert.True(matching.Count > 20, $"only {matching.Count} rows contain {word}");

        var answer = (await client!.GraphQLAsync(Query, new { search = word, page, size })).Ok().GetProperty("requests");

        Assert.Equal(matching.Count, answer.GetProperty("totalCount").GetInt64());
        Assert.Equal(
            matching.Skip((page - 1) * size).Take(size).Select(r => r.Id),
            answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task SearchPage_WhenARecordArrivesLateWithTheNewestTimestamp_StillListsItFirst()
    {
        // Recorded last but started before everything else matching "common": then recorded first but newest.
        var late = new LlmRequest
        {
            Timestamp = Start.AddDays(2),
            Model = "m",
            Status = RequestStatus.Ok,
            Outcome = RequestOutcome.Complete,
            Messages = """[{"role":"user","content":"common late"}]""",
        };
        await using var other = await DashboardHost.StartAsync(new DashboardHostOptions { SeedKnownRequests = false });
        var writer = other.Services.GetRequiredService<RequestBatchWriter>();
        await writer.WriteAsync([late], default);
        var rest = Enumerable.Range(0, 600).Select(i => new LlmRequest
        {
            Timestamp = Start.AddMinutes(i),
            Model = "m",
            Status = RequestStatus.Ok,
            Outcome = RequestOutcome.Complete,
            Messages = $$"""[{"role":"user","content":"common {{i}}"}]""",
        }).ToList();
        await writer.WriteAsync(rest, default);
        using var signedIn = await other.NewClient().SignedInAsync();

        var answer = (await signedIn.GraphQLAsync(Query, new { search = "common", page = 1, size = 20 })).Ok().GetProperty("requests");

        var ids = answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(late.Id, ids[0]);
        Assert.Equal(rest.OrderByDescending(r => r.Timestamp).Take(19).Select(r => r.Id), ids.Skip(1));
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
