using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace LlmIntercept.Bench.Ui;

/// <summary>
/// The GraphQL calls a page makes while a screen loads, so a slow screen can be split into the server's part
/// (the slowest call's time from request to last response byte) and the browser's; and the calls still open,
/// so that a screen whose data is shown before all its calls answer (the export form before its row count)
/// does not leave work on the server while the next sample is timed.
/// </summary>
internal sealed partial class GraphQLCalls
{
    private readonly Lock _gate = new();
    private readonly List<(string Operation, double Ms)> _finished = [];
    private int _open;

    public void Watch(IPage page)
    {
        page.Request += (_, request) => Opened(request);
        page.RequestFinished += (_, request) => Record(request);
        page.RequestFailed += (_, request) => Closed(request);
    }

    /// <summary>Waits until no GraphQL call is open; true if that happened within <paramref name="timeout"/>.</summary>
    public async Task<bool> SettleAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Volatile.Read(ref _open) > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(25);
        }

        return true;
    }

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

    private static bool IsGraphQL(IRequest request) =>
        request.Method == "POST" && request.Url.EndsWith("/graphql", StringComparison.Ordinal);

    private void Opened(IRequest request)
    {
        if (IsGraphQL(request))
        {
            Interlocked.Increment(ref _open);
        }
    }

    private void Closed(IRequest request)
    {
        if (IsGraphQL(request))
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private void Record(IRequest request)
    {
        if (!IsGraphQL(request))
        {
            return;
        }

        Closed(request);
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
