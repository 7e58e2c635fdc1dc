using System.Diagnostics;

namespace LlmIntercept.Cli.Tests;

/// <summary>
/// Mistakes on the command line, run as a real process: each is told in exactly one line on stderr, nothing on
/// stdout, no stack trace, no password, and a non-zero exit code (2 for what was typed, 1 for what failed).
/// </summary>
public sealed class BadInvocationTests
{
    [Theory]
    [InlineData(2, "Unrecognized command or argument '--bogus'", "serve", "--bogus")]
    [InlineData(2, "Required command was not provided", "frobnicate")]
    [InlineData(2, "'--port'", "serve", "--port", "notanumber")]
    [InlineData(2, "--port must be between 1 and 65535", "serve", "--admin-password", "p", "--port", "70000")]
    [InlineData(2, "--base-url must be an absolute http(s) URL, not 'not-a-url'", "serve", "--admin-password", "p", "--base-url", "not-a-url")]
    [InlineData(2, "--base-url must be an absolute http(s) URL, not 'ftp://x'", "serve", "--admin-password", "p", "--base-url", "ftp://x")]
    [InlineData(2, "an admin password is required", "serve", "--port", "18999")]
    [InlineData(2, "unsupported database URL 'mysql://x'", "init-database", "--database-url", "mysql://x")]
    [InlineData(2, "--database-url: cannot write '/proc/llm-intercept-nope/x.db'", "serve", "--admin-password", "p", "--port", "18999", "--database-url", "sqlite:////proc/llm-intercept-nope/x.db")]
    [InlineData(1, "cannot initialise sqlite:////proc/llm-intercept-nope/x.db", "init-database", "--database-url", "sqlite:////proc/llm-intercept-nope/x.db")]
    [InlineData(2, "unknown export format 'csv-nope'", "export", "--format", "csv-nope", "--out", "/tmp/x")]
    [InlineData(2, "--out must name the file to write", "export", "--format", "jsonl.zst", "--out", " ")]
    [InlineData(2, "llm-intercept: --min-tokens (500) must not exceed --max-tokens (100)", "export", "--format", "jsonl.zst", "--out", "/tmp/x", "--min-tokens", "500", "--max-tokens", "100")]
    [InlineData(2, "llm-intercept: --validation-ratio must be between 0 and 1 (exclusive), not 2", "export", "--format", "jsonl.zst", "--out", "/tmp/x", "--validation-ratio", "2")]
    [InlineData(2, "--out: '/tmp' is a folder; name the file to write in it", "export", "--format", "jsonl.zst", "--out", "/tmp")]
    [InlineData(2, "is a folder; name the file to write in it", "export", "--format", "parquet", "--out", "/tmp/llm-intercept-no-such-folder/")]
    public async Task Mistake_IsOneLineOnStderrWithANonZeroExit(int exitCode, string message, params string[] arguments)
    {
        var (code, stdout, stderr) = await RunAsync(arguments);

        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("llm-intercept: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.Equal("", stdout);
        Assert.Equal(exitCode, code);
    }

    [Theory]
    [InlineData("DASHBOARD_EXACT_STATS_ROWS", "many", "DASHBOARD_EXACT_STATS_ROWS must be a whole number of rows, 0 or more.")]
    [InlineData("DASHBOARD_EXACT_STATS_ROWS", "-1", "DASHBOARD_EXACT_STATS_ROWS must be a whole number of rows, 0 or more.")]
    [InlineData("Proxy__QueueCapacity", "-5", "Proxy:QueueCapacity and Proxy:BatchSize must be positive.")]
    public async Task ConfigurationValueRefused_IsOneLineOnStderrWithExitCode2(string variable, string value, string message)
    {
        var (code, _, stderr) = await RunAsync(
            ["serve", "--admin-password", "p", "--port", "18998"], new Dictionary<string, string> { [variable] = value });

        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("llm-intercept: " + message, line);
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task DatabaseUrlWithAPassword_IsToldWithThePasswordHidden()
    {
        var (code, _, stderr) = await RunAsync(["init-database", "--database-url", "postgresql://user:hunter2secret@/nodb"]);

        Assert.NotEqual(0, code);
        Assert.Contains("***", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2secret", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(
        string[] arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "llm-intercept.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Directory.CreateTempSubdirectory("llm-intercept-cli-").FullName,
        };
        start.Environment.Remove("ADMIN_PASSWORD");
        start.Environment.Remove("DATABASE_URL");
        start.Environment["PLUGINS_DIR"] = start.WorkingDirectory;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout, await stderr);
    }
}
