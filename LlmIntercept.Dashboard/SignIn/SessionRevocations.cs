using System.Collections.Concurrent;

namespace LlmIntercept.Dashboard.SignIn;

/// <summary>
/// Sessions ended by sign-out. A cookie is self-contained, so a copy kept by someone else would stay valid until
/// it expires; listing its id here refuses it at once. Entries leave the list when the session would have expired.
/// </summary>
internal sealed class SessionRevocations(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> revoked = new(StringComparer.Ordinal);

    public void Revoke(string sessionId, DateTimeOffset expires)
    {
        var now = time.GetUtcNow();
        foreach (var (id, until) in revoked)
        {
            if (until <= now)
            {
                revoked.TryRemove(id, out _);
            }
        }

        revoked[sessionId] = expires;
    }

    public bool IsRevoked(string sessionId) => revoked.ContainsKey(sessionId);
}
