using System.Net.Http.Headers;
using Microsoft.Extensions.Primitives;

namespace LlmIntercept.Proxy.Forwarding;

/// <summary>
/// Which headers cross the proxy. Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and never
/// do; everything else passes unchanged, so provider headers (OpenRouter's <c>HTTP-Referer</c> and
/// <c>X-Title</c>, <c>OpenAI-Organization</c>, <c>OpenAI-Project</c>, rate-limit headers) need no list.
/// </summary>
internal static class HeaderRules
{
    public const string TagsHeader = "X-Intercept-Tags";
    public const string SessionHeader = "X-Intercept-Session";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Alt-Svc",
    };

    // Host is the upstream's own; the body's length and type travel on the content; Accept-Encoding is dropped
    // so the upstream answers uncompressed and the capture reads the same bytes the client gets.
    private static readonly HashSet<string> NotToUpstream = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Accept-Encoding", "Expect", TagsHeader, SessionHeader,
    };

    public static void CopyToUpstream(IHeaderDictionary source, HttpRequestMessage request)
    {
        var connectionTokens = source.Connection;
        foreach (var (name, values) in source)
        {
            if (name.Length == 0 || name[0] == ':' || HopByHop.Contains(name) || NotToUpstream.Contains(name)
                || IsListed(connectionTokens, name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
    }

    public static List<KeyValuePair<string, string>> CopyToClient(HttpResponseMessage response, IHeaderDictionary target)
    {
        var copied = new List<KeyValuePair<string, string>>(16);
        Copy(response.Headers, target, copied);
        Copy(response.Content.Headers, target, copied);
        return copied;
    }

    private static void Copy(HttpHeaders headers, IHeaderDictionary target, List<KeyValuePair<string, string>> copied)
    {
        foreach (var header in headers.NonValidated)
        {
            if (HopByHop.Contains(header.Key))
            {
                continue;
            }

            var values = header.Value.Count == 1
                ? new StringValues(header.Value.ToString())
                : new StringValues(header.Value.ToArray());
            target[header.Key] = values;
            if (!header.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
            {
                copied.Add(new(header.Key, values.ToString()));
            }
        }
    }

    private static bool IsListed(StringValues connectionTokens, string name)
    {
        foreach (var value in connectionTokens)
        {
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                if (token.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The credential the client presented, for hashing: a Bearer token or Azure's <c>api-key</c>.</summary>
    public static string? ReadApiKey(IHeaderDictionary headers)
    {
        var authorization = headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var apiKey = headers["api-key"].ToString();
        return apiKey.Length > 0 ? apiKey : null;
    }
}
