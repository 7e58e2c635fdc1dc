using System.Diagnostics;
using System.Globalization;
using LlmIntercept.Store;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Bench.Tools;

/// <summary>
/// Fills a store with generated conversations. <c>--writer batch</c> goes through the store's own
/// <see cref="RequestBatchWriter"/>, the path the proxy's capture writer takes (so its rate is the store's
/// capture ceiling); the default <c>bulk</c> uses prepared statements, to reach 1M rows in minutes; <c>none</c> only
/// generates (the generator's own cost, to subtract). Prints one
/// tab-separated line: rows, seconds, rows per second.
/// </summary>
internal static class StoreSeeder
{
    public static async Task<int> RunAsync(ToolArguments arguments)
    {
        // DATABASE_URL keeps a password off the command line.
        var databaseUrl = DatabaseUrl.Parse(arguments.Optional("database-url")
            ?? Environment.GetEnvironmentVariable("DATABASE_URL")
            ?? throw new ArgumentException("--database-url (or env DATABASE_URL) is required"));
        var rows = arguments.Int("rows", 20_000);
        var batchSize = arguments.Int("batch", 2_000);
        var generator = new ConversationGenerator(arguments.Int("seed", 8), DateTime.UtcNow, arguments.Int("days", 30), rows);

        await using var services = new ServiceCollection().AddInterceptStore(databaseUrl).BuildServiceProvider();
        await services.GetRequiredService<StoreInitializer>().InitializeAsync();
        var batchWriter = services.GetRequiredService<RequestBatchWriter>();
        var mode = arguments.Optional("writer") ?? "bulk";
        await using var bulk = mode == "bulk" ? await BulkInserter.OpenAsync(databaseUrl) : null;

        var started = Stopwatch.GetTimestamp();
        var batch = new List<LlmRequest>(batchSize);
        for (var written = 0; written < rows; written += batch.Count)
        {
            batch.Clear();
            for (var i = 0; i < Math.Min(batchSize, rows - written); i++)
            {
                batch.Add(generator.Next());
            }

            if (bulk is not null)
            {
                await bulk.WriteAsync(batch);
            }
            else if (mode == "batch")
            {
                await batchWriter.WriteAsync(batch, CancellationToken.None);
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(string.Join('\t', rows, seconds.ToString("0.0", CultureInfo.InvariantCulture),
            (rows / seconds).ToString("0", CultureInfo.InvariantCulture)));
        return 0;
    }
}
