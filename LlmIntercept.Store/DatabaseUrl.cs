namespace LlmIntercept.Store;

/// <summary>Which database engine a <see cref="DatabaseUrl"/> names.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// A database URL in the original tool's form: <c>sqlite:///./relative.db</c>, <c>sqlite:////absolute/path.db</c>
/// or <c>postgresql://user:password@host:5432/database</c>.
/// </summary>
public sealed record DatabaseUrl(DatabaseProvider Provider, string ConnectionString, string Display)
{
    public const string Default = "sqlite:///./llm_intercept.db";

    /// <summary>For SQLite, the full path of the database file; null otherwise.</summary>
    public string? SqlitePath { get; init; }

    public static DatabaseUrl Parse(string value)
    {
        if (!TryParse(value, out var url, out var error))
        {
            throw new FormatException(error);
        }

        return url;
    }

    public static bool TryParse(string? value, out DatabaseUrl url, out string error)
    {
        url = null!;
        error = "";
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "the database URL is empty";
            return false;
        }

        value = value.Trim();
        if (value.StartsWith("sqlite:///", StringComparison.OrdinalIgnoreCase))
        {
            var path = value["sqlite:///".Length..];
            if (path.Length == 0 || path == ":memory:")
            {
                error = $"'{value}' names no database file (expected sqlite:///./file.db or sqlite:////abs/file.db)";
                return false;
            }

            var full = Path.GetFullPath(path);
            url = new DatabaseUrl(DatabaseProvider.Sqlite, $"Data Source={full};Pooling=True", $"sqlite:///{full}")
            {
                SqlitePath = full,
            };
            return true;
        }

        if (value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            return TryParsePostgres(value, out url, out error);
        }

        error = $"unsupported database URL '{Redact(value)}': use sqlite:///path.db or postgresql://user:pass@host/db";
        return false;
    }

    private static bool TryParsePostgres(string value, out DatabaseUrl url, out string error)
    {
        url = null!;
        error = "";
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = $"malformed PostgreSQL URL '{Redact(value)}'";
            return false;
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
        {
            error = $"PostgreSQL URL '{Redact(value)}' names no database";
            return false;
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        var parts = new List<string>
        {
            $"Host={uri.Host}",
            $"Port={(uri.Port > 0 ? uri.Port : 5432)}",
            $"Database={database}",
        };
        if (userInfo[0].Length > 0)
        {
            parts.Add($"Username={Uri.UnescapeDataString(userInfo[0])}");
        }

        if (userInfo.Length > 1)
        {
            parts.Add($"Password={Uri.UnescapeDataString(userInfo[1])}");
        }

        url = new DatabaseUrl(DatabaseProvider.PostgreSql, string.Join(';', parts), Redact(value));
        return true;
    }

    /// <summary>The URL with any password replaced by <c>***</c>, safe for logs and messages.</summary>
    public static string Redact(string value)
    {
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        var at = value.LastIndexOf('@');
        if (scheme < 0 || at < scheme)
        {
            return value;
        }

        var userInfo = value[(scheme + 3)..at];
        var colon = userInfo.IndexOf(':');
        return colon < 0 ? value : value[..(scheme + 3 + colon + 1)] + "***" + value[at..];
    }

    public override string ToString() => Display;
}
