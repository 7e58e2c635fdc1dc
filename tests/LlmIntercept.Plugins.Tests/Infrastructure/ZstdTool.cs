namespace LlmIntercept.Plugins.Tests.Infrastructure;

/// <summary>The reference <c>zstd</c> command line (Debian package <c>zstd</c>), an independent reader of our output.</summary>
internal static class ZstdTool
{
    public static async Task<string[]> ReadLinesAsync(string path)
    {
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync("zstd", ["-dc", "--", path], TimeSpan.FromMinutes(2));
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("the zstd command line is needed: apt-get install -y zstd", exception);
        }

        Assert.True(result.ExitCode == 0, $"zstd -dc failed: {result.Error}");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
