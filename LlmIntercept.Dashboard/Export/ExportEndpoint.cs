using System.Globalization;
using LlmIntercept.Dashboard.Hosting;
using LlmIntercept.Dashboard.Requests;
using LlmIntercept.Dashboard.SignIn;
using LlmIntercept.Plugins;
using LlmIntercept.Plugins.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace LlmIntercept.Dashboard.Export;

/// <summary>
/// <c>POST {base}/api/export</c>: streams a dataset file to the browser as the exporter writes it.
/// </summary>
/// <remarks>
/// Steps: (1) check the body and find the exporter; (2) count the rows for <c>X-Export-Rows</c>; (3) send the
/// headers, with <c>X-Export-Id</c> naming the report GraphQL <c>exportReport</c> gives once the file is complete; (4)
/// stream the export. A failure before (3) is a JSON error; after it the connection is aborted, so
/// the browser reports a failed download rather than saving a truncated file as if it were whole.
/// </remarks>
internal static class ExportEndpoint
{
    public const string RowsHeader = "X-Export-Rows";
    public const string IdHeader = "X-Export-Id";

    public static void MapDashboardExport(this RouteGroupBuilder dashboard) =>
        dashboard.MapPost("/api/export", HandleAsync)
            .AddEndpointFilter<SessionRequired>()
            .AddEndpointFilter<CsrfProtected>();

    private static async Task<IResult> HandleAsync(
        HttpContext http,
        IPluginCatalog catalog,
        IDatasetExportService exports,
        ExportReports reports,
        TimeProvider time,
        ILogger<ExportBody> logger,
        CancellationToken cancellationToken)
    {
        // (1)
        var (body, error) = await ExportBody.ReadAsync(http.Request, cancellationToken);
        if (body is null)
        {
            return DashboardResults.Error(error!, StatusCodes.Status400BadRequest);
        }

        var exporter = catalog.FindExporter(body.Format!);
        if (exporter is null)
        {
            var known = string.Join(", ", catalog.Exporters.Select(e => e.Format));
            return DashboardResults.Error(
                $"Unknown export format \"{body.Format}\". Available: {(known.Length == 0 ? "none" : known)}.",
                StatusCodes.Status400BadRequest);
        }

        if (!RequestFilterInput.TryConvert(body.Filter, out var filter, out error))
        {
            return DashboardResults.Error(error, StatusCodes.Status400BadRequest);
        }

        if (!ExportOptionsInput.TryConvert(body.Options, out var curation, out error))
        {
            return DashboardResults.Error(error, StatusCodes.Status400BadRequest);
        }

        // (2)
        var request = new ExportRequest(exporter.Format, filter, body.IncludeSystemPrompts) { Curation = curation };
        long expectedRows;
        try
        {
            expectedRows = await exports.CountAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.ExportFailed(logger, exporter.Format, exception);
            return DashboardResults.Error("The export could not start; see the service log.", 500);
        }

        // (3) and (4)
        var id = ExportReports.NewId();
        http.Response.Headers[IdHeader] = id;
        await StartDownloadAsync(http, exporter, expectedRows, time.GetUtcNow());
        Log.ExportStarted(logger, exporter.Format, expectedRows);
        try
        {
            var summary = await exports.ExportAsync(request, http.Response.Body, null, cancellationToken);
            reports.Add(id, summary);
            await http.Response.CompleteAsync();
            Log.ExportCompleted(logger, exporter.Format, summary.RowsRead, summary.RowsWritten);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            Log.ExportAborted(logger, exporter.Format);
        }
        catch (Exception exception)
        {
            // Headers are gone: a clean end would pass a truncated file off as complete, so the connection is cut.
            Log.ExportFailed(logger, exporter.Format, exception);
            http.Abort();
        }

        return Results.Empty;
    }

    private static Task StartDownloadAsync(
        HttpContext http,
        IDatasetExporter exporter,
        long expectedRows,
        DateTimeOffset now)
    {
        var fileName = ExportFileName.For(now, SafeExtension(exporter.FileExtension));
        var response = http.Response;
        response.ContentType = exporter.ContentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        response.Headers[RowsHeader] = expectedRows.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Exporters are plugins; some write through streams (compressors, encoders) that flush synchronously
        // when disposed, which Kestrel refuses by default. The file is still written as it is produced.
        if (http.Features.Get<IHttpBodyControlFeature>() is { } bodyControl)
        {
            bodyControl.AllowSynchronousIO = true;
        }

        return response.StartAsync(http.RequestAborted);
    }

    // The extension comes from a plugin and ends up inside a header: keep it to plain file-name characters.
    private static string SafeExtension(string extension) =>
        new(extension.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_').ToArray());
}
