using LlmIntercept.Cli.Commands;

namespace LlmIntercept.Cli.Hosting;

/// <summary>What <c>serve</c> was asked to do, checked before anything starts.</summary>
internal sealed record ServeSettings(
    string Host,
    int Port,
    string BaseUrl,
    string DatabaseUrl,
    string? AdminPassword,
    string? Upstream,
    string? PluginsDir,
    bool Reload)
{
    public void Validate()
    {
        if (string.IsNullOrEmpty(AdminPassword))
        {
            throw new CliUsageException("an admin password is required: pass --admin-password or set ADMIN_PASSWORD");
        }

        EnsureWritable(CommonOptions.ParseDatabaseUrl(DatabaseUrl));
        if (Port is < 1 or > 65535)
        {
            throw new CliUsageException($"--port must be between 1 and 65535, not {Port}");
        }

        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException($"--base-url must be an absolute http(s) URL, not '{BaseUrl}'");
        }
    }

    /// <summary>
    /// A SQLite file that cannot be written is a mistake in the command, told in one line before anything starts
    /// (the proxy on its own keeps serving with a failing store, but the dashboard cannot start on one).
    /// </summary>
    private static void EnsureWritable(Store.DatabaseUrl url)
    {
        if (url.SqlitePath is not { } path)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var probe = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--database-url: cannot write '{path}': {exception.Message}");
        }
    }

    /// <summary>The settings as configuration keys, the same ones the services read under Aspire.</summary>
    public Dictionary<string, string?> ToConfiguration() => new()
    {
        ["BASE_URL"] = BaseUrl,
        ["DATABASE_URL"] = DatabaseUrl,
        ["ADMIN_PASSWORD"] = AdminPassword,
        ["UPSTREAM"] = Upstream,
        ["PLUGINS_DIR"] = PluginsDir,
        ["RELOAD"] = Reload ? "true" : "false",
        ["urls"] = $"http://{(Host == "0.0.0.0" ? "*" : Host)}:{Port}",
    };
}
