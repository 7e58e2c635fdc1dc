using System.Globalization;
using System.Text.Json.Nodes;
using LlmIntercept.Plugins.Tests.Infrastructure;

namespace LlmIntercept.Plugins.Tests.Curation;

/// <summary><c>llm-intercept export</c> with curation flags and <c>llm-intercept prune</c>, run as real processes.</summary>
public sealed class CliCurationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Export_CurationFlags_WritesTwoFilesAndPrintsTheReport()
    {
        await using var store = await CurationOptionsExportTests.CreateStoreAsync();
        var output = store.PathFor("data.jsonl.zst");

        var result = await RunAsync(store,
            "export", "--format", "jsonl.zst", "--out", output, "--tag", "MATH", "--dedup", "--redact",
            "--flavour", "openai", "--validation-ratio", "0.5");

        Assert.True(result.ExitCode == 0, result.Error);
        var train = store.PathFor("data.train.jsonl.zst");
        var validation = store.PathFor("data.validation.jsonl.zst");
        Assert.False(File.Exists(output));
        var lines = (await ZstdTool.ReadLinesAsync(train)).Concat(await ZstdTool.ReadLinesAsync(validation))
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .ToList();
        var line = Assert.Single(lines);
        StrictFormats.OpenAI(line);
        Assert.Equal("What is 2+2?", (string?)line["messages"]![0]!["content"]);

        var report = result.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains($"file: {train}", report);
        Assert.Contains($"file: {validation}", report);
        Assert.Contains("rows read: 2", report);
        Assert.Contains("rows written: 1", report);
        Assert.Contains("skipped duplicate: 1", report);
        Assert.Contains("duplicates removed: 1", report);
        Assert.Contains("model m1: 1", report);
        Assert.Contains("tag math: 1", report);
        Assert.Contains("tokens <= 64: 1", report);
    }

    [Theory]
    [InlineData("--validation-ratio", "1.5", "--validation-ratio must be between 0 and 1")]
    [InlineData("--flavour", "alpaca", "--flavour: 'alpaca' is not one of")]
    [InlineData("--tag", "a,b", "--tag: 'a,b' is not a tag")]
    public async Task Export_BadCurationFlag_IsAUsageErrorNamingTheFlag(string flag, string value, string message)
    {
        await using var store = await CurationOptionsExportTests.CreateStoreAsync();

        var result = await RunAsync(store, "export", "--format", "jsonl.zst", "--out", store.PathFor("x.jsonl.zst"), flag, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.False(File.Exists(store.PathFor("x.jsonl.zst")));
    }

    [Fact]
    public async Task Prune_KeepTagged_DeletesTheOldUntaggedRequests()
    {
        await using var store = await CurationOptionsExportTests.CreateStoreAsync();

        var result = await RunAsync(store, "prune", "--older-than", "90d", "--keep-tagged");

        Assert.True(result.ExitCode == 0, result.Error);
        var report = result.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("deleted: 3", report);
        Assert.Contains("vacuumed: yes", report);
        var (path, summary) = await StoreExport.ToFileAsync(store, "jsonl.zst");
        Assert.Equal(3, summary.RowsRead);
        Assert.Equal(["4", "4", "ok"], (await ZstdTool.ReadLinesAsync(path)).Select(l => CurationRows.Reply(JsonNode.Parse(l)!)));
    }

    [Fact]
    public async Task Prune_BadAge_IsAUsageError()
    {
        await using var store = await CurationOptionsExportTests.CreateStoreAsync();

        var result = await RunAsync(store, "prune", "--older-than", "ninety");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--older-than: 'ninety' is not an age", result.Error);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(300)]
    [InlineData(700)]
    [InlineData(1200)]
    public async Task Export_InterruptedWhileStarting_StopsCleanlyAndLeavesNoFile(int delayMs)
    {
        await using var store = await CurationOptionsExportTests.CreateStoreAsync();
        var output = store.PathFor("interrupted.jsonl.zst");
        using var process = ProcessRunner.Start("dotnet", CliArguments(store,
            "export", "--format", "jsonl.zst", "--out", output), CliEnvironment);
        var error = process.StandardError.ReadToEndAsync();
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        await Task.Delay(delayMs);
        var pid = process.Id.ToString(CultureInfo.InvariantCulture);
        using (var interrupt = ProcessRunner.Start("kill", ["-INT", pid]))
        {
            await interrupt.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(Timeout);
        await standardOutput;

        // It finished before the signal, or it stopped (by the runtime's default action while the runtime itself
        // starts, else saying so) and removed what it had begun: never a temporary file or a partial dataset.
        Assert.Empty(Directory.GetFiles(store.Folder, "interrupted*.partial"));
        Assert.True(process.ExitCode is 0 or 130, $"exit {process.ExitCode}: {await error}");
        Assert.Equal(process.ExitCode == 0, File.Exists(output));
    }

    private static readonly Dictionary<string, string?> CliEnvironment =
        new() { ["PLUGINS_DIR"] = PluginHost.BuiltPluginsDirectory };

    private static Task<ProcessResult> RunAsync(TestStore store, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", CliArguments(store, arguments), Timeout, CliEnvironment);

    private static string[] CliArguments(TestStore store, params string[] arguments) =>
        [Path.Combine(AppContext.BaseDirectory, "llm-intercept.dll"), .. arguments, "--database-url", store.Url.Display];
}
