using Npgsql;

namespace LlmIntercept.Store.Tests;

public sealed class DatabaseUrlTests
{
    [Theory]
    [InlineData("postgresql://app:s3cret@db.example:6543/intercept", "db.example", 6543, "intercept", "app", "s3cret")]
    [InlineData("postgres://app:s3cret@db.example/intercept", "db.example", 5432, "intercept", "app", "s3cret")]
    [InlineData("POSTGRESQL://app@127.0.0.1/x", "127.0.0.1", 5432, "x", "app", null)]
    [InlineData("postgresql://u%40corp:p%3Bw%3Dd%40x@h/my%20db", "h", 5432, "my db", "u@corp", "p;w=d@x")]
    public void Parse_PostgresUrl_GivesEachPartToNpgsql(
        string value,
        string host,
        int port,
        string database,
        string user,
        string? password)
    {
        var url = DatabaseUrl.Parse(value);

        var builder = new NpgsqlConnectionStringBuilder(url.ConnectionString);
        Assert.Equal(DatabaseProvider.PostgreSql, url.Provider);
        Assert.Equal(host, builder.Host);
        Assert.Equal(port, builder.Port);
        Assert.Equal(database, builder.Database);
        Assert.Equal(user, builder.Username);
        Assert.Equal(password, builder.Password);
    }

    [Fact]
    public void Parse_QueryParameters_UseLibpqOrNpgsqlNames()
    {
        var url = DatabaseUrl.Parse("postgresql://u:p@h/db?sslmode=require&application_name=proxy-1&Maximum%20Pool%20Size=7");

        var builder = new NpgsqlConnectionStringBuilder(url.ConnectionString);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("proxy-1", builder.ApplicationName);
        Assert.Equal(7, builder.MaxPoolSize);
    }

    [Theory]
    [InlineData("postgresql://u:topsecret@h/db?nonsense=1")]
    [InlineData("postgresql://u:topsecret@h/db?sslmode=bogus")]
    [InlineData("postgresql://u:topsecret@h/")]
    [InlineData("mysql://u:topsecret@h/db")]
    public void TryParse_Invalid_SaysWhyWithoutThePassword(string value)
    {
        Assert.False(DatabaseUrl.TryParse(value, out _, out var error));

        Assert.NotEmpty(error);
        Assert.DoesNotContain("topsecret", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://u:topsecret@h:5432/db", "postgresql://u:***@h:5432/db")]
    [InlineData("postgresql://u:topsecret@h/db?sslmode=require&password=topsecret", "postgresql://u:***@h/db?sslmode=require&password=***")]
    [InlineData("postgresql://u@h/db", "postgresql://u@h/db")]
    public void Display_HidesThePassword(string value, string expected)
    {
        var url = DatabaseUrl.Parse(value);

        Assert.Equal(expected, url.Display);
        Assert.Equal(expected, url.ToString());
        Assert.Equal(expected, $"{url}");
    }
}

public sealed class ConnectionStringTests
{
    [Fact]
    public void Parse_NpgsqlConnectionString_SelectsPostgresAndHidesThePassword()
    {
        var url = DatabaseUrl.Parse("Host=db.example;Port=6543;Database=intercept;Username=app;Password='top;secret'");

        Assert.Equal(DatabaseProvider.PostgreSql, url.Provider);
        Assert.Equal("top;secret", new NpgsqlConnectionStringBuilder(url.ConnectionString).Password);
        Assert.DoesNotContain("top", url.Display, StringComparison.Ordinal);
        Assert.Contains("Host=db.example", url.Display, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=h;Password=topsecret")]
    [InlineData("Hots=h;Database=d;Password=topsecret")]
    public void TryParse_IncompleteConnectionString_SaysWhyWithoutThePassword(string value)
    {
        Assert.False(DatabaseUrl.TryParse(value, out _, out var error));

        Assert.DoesNotContain("topsecret", error, StringComparison.Ordinal);
    }
}
