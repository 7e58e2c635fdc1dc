namespace LlmIntercept.Dashboard.Tests.Infrastructure;

/// <summary>A stand-in for the Vite build: the two pages and one bundled script, each saying what it is.</summary>
internal static class FakeFrontEnd
{
    public const string IndexMarker = "<title>index-page</title>";
    public const string GraphiQLMarker = "<title>graphiql-page</title>";
    public const string Script = "console.log('bundled app');";
    public const string ScriptPath = "assets/app-1234abcd.js";

    public static string Write(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "assets"));
        File.WriteAllText(Path.Combine(folder, "index.html"), $"<!doctype html><html><head>{IndexMarker}</head></html>");
        File.WriteAllText(Path.Combine(folder, "graphiql.html"), $"<!doctype html><html><head>{GraphiQLMarker}</head></html>");
        File.WriteAllText(Path.Combine(folder, ScriptPath), Script);
        return folder;
    }
}
