namespace LlmIntercept.Plugins.Tests.Infrastructure;

/// <summary>
/// Builds the sample CSV exporter (tests/plugins, deliberately not in the solution) with <c>dotnet build</c>, as a
/// user building their own plugin would, once for the tests that drop it into a plugins folder.
/// </summary>
public sealed class CsvPluginBuild : IAsyncLifetime
{
    public const string PluginName = "LlmIntercept.TestPlugins.CsvExporter";

    private static readonly string ProjectFolder = Path.Combine(RepositoryRoot.Path, "tests", "plugins", PluginName);

    public string OutputDirectory { get; } = Path.Combine(ProjectFolder, "bin", "Debug", "net10.0");

    public async Task InitializeAsync()
    {
        var project = Path.Combine(ProjectFolder, PluginName + ".csproj");
        string[] arguments =
            ["build", project, "-c", "Debug", "-nologo", "-v:q", "-nodeReuse:false", "-p:UseSharedCompilation=false"];
        var environment = new Dictionary<string, string?>
        {
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };

        // Other builds in the same working tree can hold the contracts project's obj folder for a moment.
        ProcessResult? result = null;
        for (var attempt = 0; attempt < 3 && result?.ExitCode is not 0; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(20));
            }

            result = await ProcessRunner.RunAsync("dotnet", arguments, TimeSpan.FromMinutes(5), environment);
        }

        Assert.True(result!.ExitCode == 0, $"dotnet build {PluginName} failed:\n{result.Output}\n{result.Error}");
    }

    /// <summary>Copies the built plugin into <c>{pluginsDirectory}/{PluginName}/</c> and returns that folder.</summary>
    public string CopyInto(string pluginsDirectory)
    {
        var target = Path.Combine(pluginsDirectory, PluginName);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(OutputDirectory))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        return target;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
