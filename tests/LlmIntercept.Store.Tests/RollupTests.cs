using System.Data.Common;
using LlmIntercept.Store.Curation;
using LlmIntercept.Store.Queries;
using LlmIntercept.Store.Rollup;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Store.Tests;

/// <summary>
/// The hourly roll-up against the rows it sums: after every kind of write the trigger-kept table must equal the
/// roll-up computed from scratch, and counts read through it must equal counts of the rows, for any filter.
/// </summary>
public sealed class RollupTests
{
    private static readonly DateTime Start = new(2026, 3, 1, 10, 17, 0, DateTimeKind.Utc);
    private static readonly string?[] Models = ["gpt-4o", "gpt-4o-mini", "claude-3", null];

    [Fact]
    public void LatencyBounds_RiseByAtMostAQuarterAndHoldTheDashboardsBounds()
    {
        var bounds = StatsRollup.LatencyBounds.ToList();
        Assert.Equal(1, bounds[0]);
        Assert.Equal(1_000_000, bounds[^1]);
        for (var i = 1; i < bounds.Count; i++)
        {
            Assert.InRange(bounds[i] / bounds[i - 1], 1.05, 1.25 + 1e-12);
        }

        Assert.Equal(0, StatsRollup.BucketOf(-3));
        Assert.Equal(0, StatsRollup.BucketOf(1));
        Assert.Equal(1, StatsRollup.BucketOf(1.0000001));
        Assert.Equal(bounds.Count, StatsRollup.BucketOf(2_000_000));
        Assert.Equal(bounds.IndexOf(250), StatsRollup.BucketOf(250));
        Assert.Equal(bounds.IndexOf(250) + 1, StatsRollup.BucketOf(250.5));
    }

    [Fact]
    public async Task Triggers_AfterInsertsUpdatesAndDeletes_KeepTheRollupEqualToOneComputedFromTheRows()
    {
        await using var services = await OpenAsync();
        var random = new Random(7);
        await Writer(services).WriteAsync(Records(random, 600), default);
        await AssertRollupMatchesRowsAsync(services);

        await using (var db = await Contexts(services).CreateDbContextAsync())
        {
            await db.ByFilter(new RequestFilter { Models = ["gpt-4o"] }).SetStarredAsync(true, default);
            await db.ByFilter(new RequestFilter { Status = RequestStatus.Error }).SetExcludedAsync(true, default);
            await db.ByFilter(new RequestFilter { Stream = true }).AddTagAsync("streamed", default);

            // Not something the tool does, but a person with sqlite3 may: every grouped column can change.
            await db.Requests.Where(r => r.Id % 7 == 0).ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Timestamp, r => r.Timestamp.AddHours(5))
                .SetProperty(r => r.Model, "renamed")
                .SetProperty(r => r.ResponseTimeMs, r => r.ResponseTimeMs * 2)
                .SetProperty(r => r.PromptTokens, (int?)null));
        }

        await AssertRollupMatchesRowsAsync(services);

        await using (var db = await Contexts(services).CreateDbContextAsync())
        {
            var pruned = await db.PruneAsync(Start.AddHours(40), keepTagged: false, keepStarred: true, default);
            Assert.True(pruned.Deleted > 100, $"only {pruned.Deleted} pruned");
            await db.Requests.Where(r => r.Model == "claude-3").ExecuteDeleteAsync();
        }

        await AssertRollupMatchesRowsAsync(services);
    }

    [Fact]
    public async Task CountWithRollup_AnyFilter_EqualsTheRowCount()
    {
        await using var services = await OpenAsync();
        var random = new Random(11);
        await Writer(services).WriteAsync(Records(random, 800), default);
        await using var db = await Contexts(services).CreateDbContextAsync();

        var filters = new List<RequestFilter>
        {
            new(),
            new() { From = Start.AddHours(3).AddMinutes(41), To = Start.AddHours(30).AddSeconds(7) },
            new() { From = Start.AddHours(3).AddMinutes(41), To = Start.AddHours(80).AddSeconds(7) },
            new() { From = Start.Date.AddDays(1), To = Start.Date.AddDays(3) },
            new() { From = Start.Date.AddDays(1).AddHours(5), To = Start.Date.AddDays(3).AddMinutes(30) },
            new() { From = Start.AddHours(2).AddMinutes(13), To = Start.AddHours(2).AddMinutes(50) },
            new() { From = Start.AddHours(2).AddMinutes(13), To = Start.AddHours(3).AddMinutes(5) },
            new() { From = Start.AddHours(-0.5).AddTicks(1) },
            new() { To = Start.AddHours(40).AddMilliseconds(1) },
            new() { Models = ["gpt-4o", "claude-3"], Status = RequestStatus.Ok },
            new() { Outcomes = [RequestOutcome.UpstreamError, RequestOutcome.ClientAborted], Stream = false },
            new() { HasToolCalls = true, From = Start.AddHours(5).AddMinutes(59) },
            new() { Starred = false, Excluded = false, To = Start.AddHours(12).AddMinutes(1) },
        };
        for (var i = 0; i < 30; i++)
        {
            var from = Start.AddMinutes(random.Next(-120, 5000));
            filters.Add(new RequestFilter
            {
                From = from,
                To = from.AddMinutes(random.Next(1, 4000)),
                Models = random.Next(3) == 0 ? [Models[random.Next(3)]!] : null,
                Stream = random.Next(3) == 0 ? random.Next(2) == 0 : null,
            });
        }

        foreach (var filter in filters)
        {
            Assert.True(db.CanUseRollup(filter));
            Assert.Equal(await db.Filter(filter).LongCountAsync(), await db.CountWithRollupAsync(filter, default));
        }

        Assert.False(db.CanUseRollup(new RequestFilter { Search = "hello" }));
        Assert.False(db.CanUseRollup(new RequestFilter { Tags = ["x"] }));
        Assert.Equal(
            ["claude-3", "gpt-4o", "gpt-4o-mini"],
            await db.RollupModelsAsync(default));
    }

    [Fact]
    public async Task Migration_OnAStoreWithRows_FillsTheRollupFromThem()
    {
        var url = await TestDatabase.Sqlite.CreateAsync();
        await using var services = new ServiceCollection().AddInterceptStore(url).BuildServiceProvider();
        await using (var db = await Contexts(services).CreateDbContextAsync())
        {
            await db.GetService<IMigrator>().MigrateAsync("20261204050145_StatsIndex");
        }

        // Written while the store had no roll-up (no triggers yet).
        await Writer(services).WriteAsync(Records(new Random(3), 300), default);
        await services.GetRequiredService<StoreInitializer>().InitializeAsync();

        await using var check = await Contexts(services).CreateDbContextAsync();
        Assert.Equal(300, await check.CountWithRollupAsync(new RequestFilter(), default));
        Assert.Equal(
            await check.Filter(new RequestFilter { Models = ["gpt-4o-mini"] }).LongCountAsync(),
            await check.CountWithRollupAsync(new RequestFilter { Models = ["gpt-4o-mini"] }, default));
        await AssertRollupMatchesRowsAsync(services);
    }

    [Fact]
    public async Task DeleteOutsideTheTool_TakesTheFullTextEntriesWithIt()
    {
        await using var services = await OpenAsync();
        var records = Records(new Random(13), 400);
        for (var i = 0; i < records.Count; i++)
        {
            records[i].Messages = $$"""[{"role":"user","content":"{{(i % 2 == 0 ? "alpha" : "beta")}} note {{i}}"}]""";
        }

        await Writer(services).WriteAsync(records, default);
        await using var db = await Contexts(services).CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("DELETE FROM llm_requests WHERE id % 3 = 0");

        foreach (var search in new[] { "alpha", "beta", "note" })
        {
            var rows = await db.Filter(new RequestFilter { Search = search }, SearchPlan.ScanRows).LongCountAsync();
            Assert.Equal(rows, await db.CountSearchMatchesAsync(search, default));
        }

        Assert.Equal(records.Count(r => r.Id % 3 != 0 && r.Messages!.Contains("alpha", StringComparison.Ordinal)),
            await db.CountSearchMatchesAsync("alpha", default));
    }

    [Fact]
    public async Task Migration_RemovesTheFullTextEntriesOfRequestsDeletedBefore()
    {
        var url = await TestDatabase.Sqlite.CreateAsync();
        await using var services = new ServiceCollection().AddInterceptStore(url).BuildServiceProvider();
        await using (var db = await Contexts(services).CreateDbContextAsync())
        {
            await db.GetService<IMigrator>().MigrateAsync("20261204060000_StatsRollup");
        }

        var records = Records(new Random(17), 200);
        records.ForEach(r => r.Messages = """[{"role":"user","content":"gamma"}]""");
        await Writer(services).WriteAsync(records, default);
        await using (var db = await Contexts(services).CreateDbContextAsync())
        {
            // Deleted while nothing took the entries along: the index still counts all 200.
            await db.Database.ExecuteSqlRawAsync("DELETE FROM llm_requests WHERE id % 4 = 0");
            Assert.Equal(200, await db.CountSearchMatchesAsync("gamma", default));
        }

        await services.GetRequiredService<StoreInitializer>().InitializeAsync();

        await using var check = await Contexts(services).CreateDbContextAsync();
        Assert.Equal(records.Count(r => r.Id % 4 != 0), await check.CountSearchMatchesAsync("gamma", default));
    }

    /// <summary>Each table the triggers kept equals, row for row, the roll-up computed afresh from the rows.</summary>
    private static async Task AssertRollupMatchesRowsAsync(IServiceProvider services)
    {
        await using var db = await Contexts(services).CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var requests = await db.Requests.LongCountAsync();
        foreach (var table in StatsRollup.Tables)
        {
            var kept = table.Name;
            await ExecuteAsync(db, $"DROP TABLE IF EXISTS temp.expected; CREATE TEMP TABLE expected AS SELECT * FROM {kept} WHERE 0;");
            await ExecuteAsync(db, StatsRollup.BackfillSql(table, "temp.expected"));

            Assert.Equal(0, await CountAsync(db, $"SELECT count(*) FROM (SELECT * FROM {kept} EXCEPT SELECT * FROM temp.expected)"));
            Assert.Equal(0, await CountAsync(db, $"SELECT count(*) FROM (SELECT * FROM temp.expected EXCEPT SELECT * FROM {kept})"));
            Assert.Equal(await CountAsync(db, "SELECT count(*) FROM temp.expected"), await CountAsync(db, $"SELECT count(*) FROM {kept}"));
            Assert.Equal(requests, await CountAsync(db, $"SELECT ifnull(sum(requests), 0) FROM {kept}"));
            Assert.Equal(0, await CountAsync(db, $"SELECT count(*) FROM {kept} WHERE requests = 0"));
        }
    }

    private static List<LlmRequest> Records(Random random, int count)
    {
        var records = new List<LlmRequest>(count);
        for (var i = 0; i < count; i++)
        {
            var error = random.Next(6) == 0;
            records.Add(new LlmRequest
            {
                // Spread over four days at uneven seconds, so hours and days split anywhere.
                Timestamp = Start.AddSeconds(random.Next(0, 96 * 3600)).AddTicks(random.Next(0, 10_000_000)),
                Model = Models[random.Next(Models.Length)],
                Status = error ? RequestStatus.Error : RequestStatus.Ok,
                Outcome = error ? RequestOutcome.UpstreamError : random.Next(8) == 0 ? RequestOutcome.ClientAborted : RequestOutcome.Complete,
                Stream = random.Next(2) == 0,
                HasToolCalls = random.Next(4) == 0,
                Starred = random.Next(10) == 0,

                // Quarter milliseconds: sums of these are exact, so recomputed sums compare equal.
                ResponseTimeMs = random.Next(0, 4) switch
                {
                    0 => random.Next(0, 40) / 4.0,
                    1 => random.Next(0, 4_000) / 4.0,
                    2 => random.Next(0, 400_000) / 4.0,
                    _ => random.Next(0, 8_000_000) / 4.0,
                },
                PromptTokens = random.Next(5) == 0 ? null : random.Next(1, 3000),
                CompletionTokens = random.Next(5) == 0 ? null : random.Next(1, 900),
                Messages = "[]",
            });
        }

        return records;
    }

    private static async Task<ServiceProvider> OpenAsync()
    {
        var services = new ServiceCollection().AddInterceptStore(await TestDatabase.Sqlite.CreateAsync()).BuildServiceProvider();
        await services.GetRequiredService<StoreInitializer>().InitializeAsync();
        return services;
    }

    private static IDbContextFactory<InterceptDbContext> Contexts(IServiceProvider services) =>
        services.GetRequiredService<IDbContextFactory<InterceptDbContext>>();

    private static RequestBatchWriter Writer(IServiceProvider services) => services.GetRequiredService<RequestBatchWriter>();

    private static async Task ExecuteAsync(InterceptDbContext db, string sql)
    {
        await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(InterceptDbContext db, string sql)
    {
        await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
