using System.CommandLine;
using LlmIntercept.Store;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Cli.Commands;

/// <summary><c>llm-intercept init-database</c>: creates or upgrades the schema and exits.</summary>
internal static class InitDatabaseCommand
{
    public static Command Create()
    {
        var databaseUrl = CommonOptions.DatabaseUrl();
        var command = new Command("init-database", "Create or upgrade the database schema, then exit.")
        {
            databaseUrl,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var url = CommonOptions.ParseDatabaseUrl(parseResult.GetValue(databaseUrl)!);
            await using var services = new ServiceCollection().AddInterceptStore(url).BuildServiceProvider();
            try
            {
                await services.GetRequiredService<StoreInitializer>().InitializeAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await Console.Error.WriteLineAsync(
                    $"llm-intercept: cannot initialise {url}: {exception.GetBaseException().Message}");
                return 1;
            }

            Console.WriteLine($"Database ready: {url}");
            return 0;
        });
        return command;
    }
}
