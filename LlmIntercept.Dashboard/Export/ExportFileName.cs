using System.Globalization;

namespace LlmIntercept.Dashboard.Export;

internal static class ExportFileName
{
    /// <summary><c>llm-intercept-YYYYMMDD-HHMMSS{extension}</c>, in UTC.</summary>
    public static string For(DateTimeOffset now, string extension) =>
        "llm-intercept-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + extension;
}
