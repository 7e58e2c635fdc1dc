using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace LlmIntercept.Bench.Ui;

/// <summary>
/// The GraphQL calls a page makes while a screen loads, so a slow screen can be split into the server's part
/// (the slowest call's time from request to last response byte) and the browser's.
/// </summary>
internal sealed partial class GraphQLCalls
{
    private readonly Lock _gate = new();
    private readonly List<(string Operation, double Ms)> _finished = [];

    public void Watch(IPage page) => page.RequestFinished += (_, request) => Record(request);

    public void Clear()
    {
        lock (_gate)
        {
            _finished.Clear();
        }
    }

    /// <summary>The slowest call finished since <see cref="Clear"/>, or none.</summary>
    public (string Operation, double Ms)? Slowest()
    {
        lock (_gate)
        {
            return _finished.Count == 0 ? null : _finished.MaxBy(call => call.Ms);
        }
    }

    private void Record(IRequest request)
    {
        if (request.Method != "POST" || !request.Url.EndsWith("/graphql", StringComparison.Ordinal))
        {
            return;
        }

        var ms = request.Timing.ResponseEnd;
        var operation = OperationOf(request.PostData);
        lock (_gate)
        {
            _finished.Add((operation, ms));
        }
    }

    private static string OperationOf(string? body)
    {
        if (body is null)
        {
            return "?";
        }

        using var document = JsonDocument.Parse(body);
        var query = document.RootElement.TryGetProperty("query", out var text) ? text.GetString() ?? "" : "";
        var match = OperationName().Match(query);
        return match.Success ? match.Groups[1].Value : "?";
    }

    [GeneratedRegex(@"^\s*(?:query|mutation)\s+(\w+)")]
    private static partial Regex OperationName();
}
