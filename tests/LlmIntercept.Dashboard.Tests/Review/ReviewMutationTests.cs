using System.Net;
using System.Text.Json;
using LlmIntercept.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace LlmIntercept.Dashboard.Tests.Review;

/// <summary>Review actions and prune as GraphQL mutations over the known store, behind the session and CSRF rules.</summary>
public sealed class ReviewMutationTests
{
    private const string Exclude = "mutation($ids: [Long!]) { setExcluded(ids: $ids, excluded: true) }";

    [Fact]
    public async Task Mutation_WithoutSession_Is401AndChangesNothing()
    {
        await using var host = await DashboardHost.StartAsync();
        using var anonymous = host.NewClient();

        var answer = await anonymous.GraphQLAsync(Exclude, new { ids = new[] { 1 } });

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        using var client = await host.NewClient().SignedInAsync();
        Assert.Equal(0, await CountAsync(client, new { excluded = true }));
    }

    [Fact]
    public async Task Mutation_AsFormPost_Is403AndChangesNothing()
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = await host.NewClient().SignedInAsync();
        var body = JsonSerializer.Serialize(new { query = Exclude, variables = new { ids = new[] { 1 } } });

        using var response = await client.PostRawAsync("graphql", body, "text/plain");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await CountAsync(client, new { excluded = true }));
    }

    [Fact]
    public async Task ReviewActions_ByIdsAndByFilter_ChangeExactlyTheSelectedRequests()
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = await host.NewClient().SignedInAsync();

        Assert.Equal(1, await MutateAsync(client, Exclude, new { ids = new[] { 1 } }, "setExcluded"));
        Assert.Equal(3, await MutateAsync(client,
            "mutation($f: RequestFilterInput) { setStarred(filter: $f, starred: true) }", new { f = new { tags = new[] { "v2" } } }, "setStarred"));
        Assert.Equal(3, await MutateAsync(client,
            "mutation($f: RequestFilterInput) { addTag(filter: $f, tag: \" Batch-A \") }", new { f = new { models = new[] { "gpt-4o-mini" } } }, "addTag"));
        Assert.Equal(1, await MutateAsync(client,
            "mutation { removeTag(ids: [2], tag: \"support\") }", null, "removeTag"));

        Assert.Equal([10L, 4, 3], await IdsAsync(client, new { tags = new[] { "batch-a" } }));
        Assert.Equal([8L, 1], await IdsAsync(client, new { tags = new[] { "support" } }));
        Assert.Equal([9L, 6, 2], await IdsAsync(client, new { starred = true }));
        Assert.Equal([1L], await IdsAsync(client, new { excluded = true }));

        var detail = client.GraphQLAsync("{ request(id: 2) { tags starred excluded } }");
        var request = (await detail).Ok().GetProperty("request");
        Assert.Equal(["v2"], request.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!));
        Assert.True(request.GetProperty("starred").GetBoolean());
        Assert.False(request.GetProperty("excluded").GetBoolean());
    }

    [Fact]
    public async Task ReviewAction_BadTargetOrTag_IsRejected()
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = await host.NewClient().SignedInAsync();

        var neither = await client.GraphQLAsync("mutation { setStarred(starred: true) }");
        var badTag = await client.GraphQLAsync("mutation { addTag(ids: [1], tag: \"a,b\") }");

        Assert.Contains("Give either ids or filter", Assert.Single(neither.ErrorMessages));
        Assert.Contains("is not a tag", Assert.Single(badTag.ErrorMessages));
        Assert.Equal(0, await CountAsync(client, new { starred = true }));
    }

    [Fact]
    public async Task PruneRequests_KeepTagged_DeletesOnlyOldUntaggedRequests()
    {
        // The clock stands N days after 03-01 12:00, a little ahead of the real one so the session cookie is valid.
        var days = (DateTime.UtcNow - KnownRequests.Day).Days + 1;
        var time = new FakeTimeProvider(KnownRequests.Day.AddHours(12).AddDays(days));
        await using var host = await DashboardHost.StartAsync(new DashboardHostOptions { Time = time });
        using var client = await host.NewClient().SignedInAsync();

        var data = (await client.GraphQLAsync(
            "mutation($days: Int!) { pruneRequests(olderThanDays: $days, keepTagged: true) { deleted vacuumed } }",
            new { days })).Ok();

        // Cut-off 03-01 12:00: requests 1-6 are older; of them 3 and 5 carry no tag.
        Assert.Equal(2, data.GetProperty("pruneRequests").GetProperty("deleted").GetInt64());
        Assert.True(data.GetProperty("pruneRequests").GetProperty("vacuumed").GetBoolean());
        Assert.Equal([10L, 9, 8, 7, 6, 4, 2, 1], await IdsAsync(client, new { }));
    }

    internal static async Task<long> MutateAsync(DashboardClient client, string mutation, object? variables, string field)
    {
        var data = (await client.GraphQLAsync(mutation, variables)).Ok();
        return data.GetProperty(field).GetInt64();
    }

    internal static async Task<List<long>> IdsAsync(DashboardClient client, object filter)
    {
        var data = (await client.GraphQLAsync(
            "query($f: RequestFilterInput) { requests(filter: $f, pageSize: 100) { items { id } } }", new { f = filter })).Ok();
        return data.GetProperty("requests").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
    }

    private static async Task<long> CountAsync(DashboardClient client, object filter)
    {
        var data = (await client.GraphQLAsync(
            "query($f: RequestFilterInput) { requests(filter: $f) { totalCount } }", new { f = filter })).Ok();
        return data.GetProperty("requests").GetProperty("totalCount").GetInt64();
    }
}
