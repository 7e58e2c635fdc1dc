using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Plugins.Tests.Infrastructure;
using LlmIntercept.Store;
using LlmIntercept.Store.Curation;
using LlmIntercept.Store.Queries;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Plugins.Tests.Curation;

/// <summary>Review actions and pruning on a real SQLite store, and the export honouring them.</summary>
public sealed class ReviewAndRetentionTests
{
    [Fact]
    public async Task Review_TagsStarsAndExclusions_AreStoredAndExportHonoursThem()
    {
        await using var store = await TestStore.CreateAsync();
        await store.InsertAsync(CurationRows.Create());
        await using (var db = await Context(store))
        {
            var math = db.ByFilter(new RequestFilter { Tags = ["math"] });
            Assert.Equal(2, await math.AddTagAsync("reviewed", CancellationToken.None));
            Assert.Equal(0, await math.AddTagAsync("reviewed", CancellationToken.None));
            Assert.Equal(1, await db.ByIds([2]).RemoveTagAsync("math", CancellationToken.None));
            Assert.Equal(1, await db.ByIds([1]).SetExcludedAsync(true, CancellationToken.None));
            Assert.Equal(2, await db.ByFilter(new RequestFilter { Models = ["m2"] }).SetStarredAsync(true, CancellationToken.None));
            Assert.Equal(1, await db.ByIds([5]).AddTagAsync("greeting", CancellationToken.None));
        }

        await using (var db = await Context(store))
        {
            var tags = await db.Requests.OrderBy(r => r.Id).Select(r => r.Tags).ToListAsync();
            Assert.Equal([",math,reviewed,", ",support,reviewed,", "", ",long,", ",greeting,", ""], tags);
            Assert.Equal([3L, 4L], await db.Requests.Where(r => r.Starred).Select(r => r.Id).OrderBy(id => id).ToListAsync());
        }

        var (lines, summary) = await CurationOptionsExportTests.ExportAsync(store, new CurationOptions());
        Assert.Equal(5, lines.Count);
        Assert.Equal(1, summary.Skipped["excluded"]);
        Assert.Equal(new Dictionary<string, long> { ["greeting"] = 1, ["long"] = 1, ["reviewed"] = 1, ["support"] = 1 },
            new SortedDictionary<string, long>(summary.RowsPerTag.ToDictionary(), StringComparer.Ordinal));

        var (starred, _) = await StoreExport.ToFileAsync(store, "jsonl.zst", filter: new RequestFilter { Starred = true });
        Assert.Equal(2, (await ZstdTool.ReadLinesAsync(starred)).Length);
    }

    [Fact]
    public async Task Prune_KeepTagged_DeletesOldUntaggedRowsTheirIndexEntriesAndShrinksTheFile()
    {
        await using var store = await TestStore.CreateAsync();
        var filler = new string('z', 20_000);
        var rows = Enumerable.Range(0, 200)
            .Select(i => Requests.Complete(Requests.Turn($"ancient{i} {filler}", "old"), timestamp: Requests.Start.AddDays(-100)))
            .ToList();
        var tagged = Requests.Complete(Requests.Turn("ancient tagged", "kept"), timestamp: Requests.Start.AddDays(-100));
        tagged.Tags = ",keep,";
        rows.Add(tagged);
        rows.Add(Requests.Complete(Requests.Turn("recent question", "new"), timestamp: Requests.Start));
        await store.InsertAsync(rows);
        var database = store.PathFor("store.db");
        SqliteConnection.ClearAllPools();
        var sizeBefore = new FileInfo(database).Length;

        PruneResult result;
        await using (var db = await Context(store))
        {
            result = await db.PruneAsync(Requests.Start.AddDays(-90), keepTagged: true, keepStarred: false, CancellationToken.None);
        }

        Assert.Equal(new PruneResult(200, Vacuumed: true), result);
        await using (var db = await Context(store))
        {
            Assert.Equal(["ancient tagged", "recent question"], await PromptsAsync(db));
            Assert.Empty(await db.Filter(new RequestFilter { Search = "ancient7" }).ToListAsync());
            Assert.Single(await db.Filter(new RequestFilter { Search = "ancient" }).ToListAsync());
        }

        SqliteConnection.ClearAllPools();
        Assert.True(new FileInfo(database).Length < sizeBefore / 4, $"{new FileInfo(database).Length} of {sizeBefore} bytes left");
    }

    [Fact]
    public async Task Prune_WithoutKeep_DeletesEveryOldRowAndKeepsStarredWhenAsked()
    {
        await using var store = await TestStore.CreateAsync();
        var old = Requests.Complete(Requests.Turn("old tagged", "x"), timestamp: Requests.Start.AddDays(-10));
        old.Tags = ",a,";
        var starred = Requests.Complete(Requests.Turn("old starred", "x"), timestamp: Requests.Start.AddDays(-10));
        starred.Starred = true;
        await store.InsertAsync([old, starred, Requests.Complete(Requests.Turn("new", "x"), timestamp: Requests.Start)]);

        await using var db = await Context(store);
        var result = await db.PruneAsync(Requests.Start.AddDays(-1), keepTagged: false, keepStarred: true, CancellationToken.None);

        Assert.Equal(1, result.Deleted);
        Assert.Equal(["old starred", "new"], await PromptsAsync(db));
    }

    private static async Task<List<string>> PromptsAsync(InterceptDbContext db)
    {
        var messages = await db.Requests.OrderBy(r => r.Id).Select(r => r.Messages!).ToListAsync();
        return messages.Select(m => (string)System.Text.Json.Nodes.JsonNode.Parse(m)![0]!["content"]!).ToList();
    }

    private static Task<InterceptDbContext> Context(TestStore store) =>
        store.Services.GetRequiredService<IDbContextFactory<InterceptDbContext>>().CreateDbContextAsync();
}
