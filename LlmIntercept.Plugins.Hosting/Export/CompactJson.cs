using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>
/// How training rows are serialised: compact (never a line break inside a value, so JSON Lines stay one row a
/// line) and with readable text rather than escaped non-ASCII characters.
/// </summary>
internal static class CompactJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };
}
