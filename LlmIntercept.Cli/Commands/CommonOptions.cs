using System.CommandLine;
using LlmIntercept.Store;

namespace LlmIntercept.Cli.Commands;

/// <summary>Options several commands share, with the original tool's environment fallbacks.</summary>
internal static class CommonOptions
{
    public static Option<string> DatabaseUrl() => new("--database-url")
    {
        Description = "Database URL: sqlite:///./file.db, sqlite:////abs/file.db or postgresql://user:pass@host/db "
            + "(env DATABASE_URL)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DATABASE_URL") ?? Store.DatabaseUrl.Default,
    };

    public static DatabaseUrl ParseDatabaseUrl(string value) =>
        Store.DatabaseUrl.TryParse(value, out var url, out var error) ? url : throw new CliUsageException(error);
}
