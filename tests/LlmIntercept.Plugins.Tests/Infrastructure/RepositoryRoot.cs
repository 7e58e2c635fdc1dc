namespace LlmIntercept.Plugins.Tests.Infrastructure;

internal static class RepositoryRoot
{
    /// <summary>The folder holding LlmIntercept.sln, found upwards from the test assembly.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "LlmIntercept.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no LlmIntercept.sln above {AppContext.BaseDirectory}");
    }
}
