namespace LlmIntercept.Dashboard.FrontEnd;

/// <summary>What <c>{base}/</c> shows when the SPA was never built.</summary>
internal static class MissingFrontEndPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>LLM Intercept dashboard</title></head>
        <body>
        <h1>The dashboard's front end was not built</h1>
        <p>The service is running and its API answers, but there are no pages to show: no built
        <code>wwwroot/dist</code> was found.</p>
        <p>Build it once (Node.js 20.19 or later), then restart the service:</p>
        <pre>cd LlmIntercept.Dashboard/ClientApp
        npm ci
        npm run build</pre>
        <p>Or point <code>DASHBOARD_DIST_PATH</code> at a folder holding a build.</p>
        </body>
        </html>
        """;

    public static IResult Result() =>
        Results.Content(Html, "text/html; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
}
