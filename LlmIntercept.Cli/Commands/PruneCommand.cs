using System.CommandLine;
using System.Data.Common;
using LlmIntercept.Cli.Export;
using LlmIntercept.Store;
using LlmIntercept.Store.Curation;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Cli.Commands;

/// <summary>
/// <c>llm-intercept prune --older-than 90d</c>: deletes requests older than the age given, optionally keeping
/// tagged or starred ones, and gives the space back (SQLite VACUUM).
/// </summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var olderThan = new Option<string>("--older-than")
        {
            Description = "Delete requests older than this age: a number with d (days), h (hours) or w (weeks), e.g. 90d",
            Required = true,
        };
        var keepTagged = new Option<bool>("--keep-tagged") { Description = "Keep requests that carry any tag" };
        var keepStarred = new Option<bool>("--keep-starred") { Description = "Keep requests starred in review" };
        var databaseUrl = CommonOptions.DatabaseUrl();
        var command = new Command("prune", "Delete old captured requests and give the space back.")
        {
            olderThan, keepTagged, keepStarred, databaseUrl,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var age = RetentionAge.Parse(parseResult.GetValue(olderThan)!);
            var url = CommonOptions.ParseDatabaseUrl(parseResult.GetValue(databaseUrl)!);
            if (url.SqlitePath is { } path && !File.Exists(path))
            {
                throw new CliUsageException($"--database-url: no database at {path}");
            }

            var cutoff = TimeProvider.System.GetUtcNow().UtcDateTime - age;
            try
            {
                await using var db = StoreServiceCollectionExtensions.CreateContext(url);
                db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
                var result = await db.PruneAsync(
                    cutoff, parseResult.GetValue(keepTagged), parseResult.GetValue(keepStarred), cancellationToken);
                Console.WriteLine($"deleted: {result.Deleted}");
                Console.WriteLine($"older than: {cutoff:yyyy-MM-ddTHH:mm:ssZ}");
                Console.WriteLine($"vacuumed: {(result.Vacuumed ? "yes" : "no")}");
                return 0;
            }
            catch (Exception exception) when (exception is DbException or NotSupportedException)
            {
                await Console.Error.WriteLineAsync($"llm-intercept: cannot prune {url}: {exception.GetBaseException().Message}");
                return ExportCommand.Failed;
            }
        });
        return command;
    }
}
