namespace LlmIntercept.Plugins.Hosting;

/// <summary>An export asked for a format no loaded exporter provides; the message names the loaded ones.</summary>
public sealed class UnknownExportFormatException(string format, IEnumerable<string> known)
    : Exception(Describe(format, known))
{
    public string Format { get; } = format;

    private static string Describe(string format, IEnumerable<string> known)
    {
        var formats = string.Join(", ", known);
        return formats.Length == 0
            ? $"unknown export format '{format}': no exporter plugin is loaded"
            : $"unknown export format '{format}'; available: {formats}";
    }
}
