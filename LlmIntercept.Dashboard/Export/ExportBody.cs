using System.Text.Json;
using LlmIntercept.Dashboard.Requests;

namespace LlmIntercept.Dashboard.Export;

/// <summary>The body of <c>POST {base}/api/export</c>.</summary>
internal sealed class ExportBody
{
    public string? Format { get; set; }

    public RequestFilterInput? Filter { get; set; }

    public bool IncludeSystemPrompts { get; set; } = true;

    public ExportOptionsInput? Options { get; set; }

    public static async Task<(ExportBody? Body, string? Error)> ReadAsync(
        HttpRequest request,
        CancellationToken cancellationToken)
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<ExportBody>(
                request.Body, JsonSerializerOptions.Web, cancellationToken);
            return body is null || string.IsNullOrWhiteSpace(body.Format)
                ? (null, "The body must be JSON {\"format\": \"...\", \"filter\": {...}, \"includeSystemPrompts\": true}.")
                : (body, null);
        }
        catch (JsonException exception)
        {
            return (null, $"The body is not valid: {exception.Message}");
        }
    }
}
