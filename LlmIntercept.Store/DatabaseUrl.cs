using Npgsql;

namespace LlmIntercept.Store;

/// <summary>Which database engine a <see cref="DatabaseUrl"/> names.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// A database URL in the original tool's form: <c>sqlite:///./relative.db</c>, <c>sqlite:////absolute/path.db</c>
/// or <c>postgresql://user:password@host:5432/database</c>; or an Npgsql connection string
/// (<c>Host=h;Database=d;Username=u;Password=p</c>).
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

        if (!value.Contains("://", StringComparison.Ordinal) && value.Contains('=', StringComparison.Ordinal))
        {
            return TryParsePostgresKeywords(value, out url, out error);
        }

        error = $"unsupported database URL '{Redact(value)}': use sqlite:///path.db, postgresql://user:pass@host/db "
            + "or a PostgreSQL connection string (Host=...;Database=...;Username=...;Password=...)";
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

        // The builder quotes each value, so a password holding ';' or '=' cannot change another setting.
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = database,
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        if (!TryApplyQuery(builder, uri.Query, out error))
        {
            error = $"PostgreSQL URL '{Redact(value)}': {error}";
            return false;
        }

        url = new DatabaseUrl(DatabaseProvider.PostgreSql, builder.ConnectionString, Redact(value));
        return true;
    }

    /// <summary>An Npgsql connection string (<c>Host=...;Database=...</c>), as Aspire hands out connection strings.</summary>
    private static bool TryParsePostgresKeywords(string value, out DatabaseUrl url, out string error)
    {
        url = null!;
        error = "";
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException)
        {
            // The message may quote the string, password and all.
            error = "malformed PostgreSQL connection string";
            return false;
        }

        if (string.IsNullOrEmpty(builder.Host) || string.IsNullOrEmpty(builder.Database))
        {
            error = "the PostgreSQL connection string names no Host or no Database";
            return false;
        }

        var display = new NpgsqlConnectionStringBuilder(builder.ConnectionString);
        if (!string.IsNullOrEmpty(display.Password))
        {
            display.Password = "***";
        }

        url = new DatabaseUrl(DatabaseProvider.PostgreSql, builder.ConnectionString, display.ConnectionString);
        return true;
    }

    /// <summary>
    /// Query parameters in libpq's names (<c>sslmode</c>, <c>application_name</c>, <c>connect_timeout</c>) or in
    /// Npgsql's (<c>Maximum Pool Size</c> and the like).
    /// </summary>
    private static bool TryApplyQuery(NpgsqlConnectionStringBuilder builder, string query, out string error)
    {
        error = "";
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var name = Uri.UnescapeDataString(parts[0].Replace('+', ' '));
            var setting = parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : "";
            var keyword = name.ToLowerInvariant() switch
            {
                "sslmode" => "SSL Mode",
                "application_name" => "Application Name",
                "connect_timeout" => "Timeout",
                _ => name,
            };
            try
            {
                builder[keyword] = setting;
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException)
            {
                error = $"unknown or invalid parameter '{name}'";
                return false;
            }
        }

        return true;
    }

    /// <summary>The URL with any password replaced by <c>***</c>, safe for logs and messages.</summary>
    public static string Redact(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        var query = value.IndexOf('?', StringComparison.Ordinal);
        var head = query < 0 ? value : value[..query];
        var tail = query < 0 ? "" : RedactQuery(value[query..]);
        var scheme = head.IndexOf("://", StringComparison.Ordinal);
        var at = head.LastIndexOf('@');
        if (scheme < 0 || at < scheme)
        {
            return head + tail;
        }

        var userInfo = head[(scheme + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? head : head[..(scheme + 3 + colon + 1)] + "***" + head[at..]) + tail;
    }

    private static string RedactQuery(string query) =>
        string.Join('&', query.Split('&').Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            return equals >= 0 && (name.Contains("password", StringComparison.OrdinalIgnoreCase)
                || name.Contains("pwd", StringComparison.OrdinalIgnoreCase))
                ? name + "=***"
                : pair;
        }));

    public override string ToString() => Display;
}
