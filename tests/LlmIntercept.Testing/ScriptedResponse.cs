using System.Text;

namespace LlmIntercept.Testing;

/// <summary>One step of a scripted upstream response body.</summary>
public abstract record ResponseStep
{
    public sealed record Bytes(byte[] Data) : ResponseStep;

    public sealed record Delay(TimeSpan Duration) : ResponseStep;

    /// <summary>Resets the connection (no clean end of the body).</summary>
    public sealed record Reset : ResponseStep;

    /// <summary>Sends nothing more until the proxy gives up on the request.</summary>
    public sealed record Hang : ResponseStep;
}

/// <summary>What the fake upstream answers to one request: status, headers and a scripted body.</summary>
public sealed record ScriptedResponse(
    int StatusCode,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    IReadOnlyList<ResponseStep> Steps)
{
    /// <summary>Wait this long before sending the headers at all.</summary>
    public TimeSpan HeadersDelay { get; init; }

    /// <summary>Never send headers (the proxy's header timeout must fire).</summary>
    public bool NeverAnswer { get; init; }

    public static ScriptedResponse Json(int statusCode, string body, params (string Name, string Value)[] headers)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return new(statusCode,
            [
                new("Content-Type", "application/json"),
                new("Content-Length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                .. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)),
            ],
            [new ResponseStep.Bytes(bytes)]);
    }

    public static ScriptedResponse Raw(int statusCode, string contentType, byte[] body) =>
        new(statusCode,
            [
                new("Content-Type", contentType),
                new("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ],
            [new ResponseStep.Bytes(body)]);

    /// <summary>An event stream sent as given, one write per event, with <paramref name="gap"/> between events.</summary>
    public static ScriptedResponse Sse(string body, TimeSpan gap = default)
    {
        var steps = new List<ResponseStep>();
        foreach (var chunk in SplitEvents(body))
        {
            if (steps.Count > 0 && gap > TimeSpan.Zero)
            {
                steps.Add(new ResponseStep.Delay(gap));
            }

            steps.Add(new ResponseStep.Bytes(Encoding.UTF8.GetBytes(chunk)));
        }

        return new ScriptedResponse(200, [new("Content-Type", "text/event-stream"), new("Cache-Control", "no-cache")], steps);
    }

    /// <summary>Splits a stream after each blank line, keeping every byte.</summary>
    public static IEnumerable<string> SplitEvents(string body)
    {
        var start = 0;
        while (start < body.Length)
        {
            var end = body.IndexOf("\n\n", start, StringComparison.Ordinal);
            var next = end < 0 ? body.Length : end + 2;
            yield return body[start..next];
            start = next;
        }
    }
}
