namespace LlmIntercept.AppHost.Orchestration;

/// <summary>
/// The default store: <c>data/llm_intercept.db</c> at the repository root (the AppHost's parent folder when it
/// holds the solution, else the AppHost's own folder), as an absolute URL so both services open the same file
/// whatever their working folders.
/// </summary>
internal static class DefaultDatabase
{
    public const string FileName = "llm_intercept.db";

    public static string Url(IDistributedApplicationBuilder builder)
    {
        var folder = Path.Combine(RootOf(builder.AppHostDirectory), "data");
        if (string.IsNullOrEmpty(builder.Configuration[$"Parameters:{InterceptParameters.DatabaseUrlName}"]))
        {
            Directory.CreateDirectory(folder);
        }

        return "sqlite:///" + Path.Combine(folder, FileName);
    }

    private static string RootOf(string appHostDirectory)
    {
        var parent = Directory.GetParent(appHostDirectory);
        return parent is not null && File.Exists(Path.Combine(parent.FullName, "LlmIntercept.sln"))
            ? parent.FullName
            : appHostDirectory;
    }
}
