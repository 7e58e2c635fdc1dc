using System.Threading.RateLimiting;

namespace LlmIntercept.Dashboard.SignIn;

/// <summary>
/// Counts failed sign-ins per client address in a fixed window (ASP.NET Core's rate-limiting primitives): after
/// <see cref="FailuresPerWindow"/> failures the address is refused until the window ends, right password or not.
/// Only failures take a permit, so a person who signs in correctly is never slowed down.
/// </summary>
internal sealed class LoginThrottle : IDisposable
{
    public const int FailuresPerWindow = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> failures = PartitionedRateLimiter.Create<string, string>(
        client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = FailuresPerWindow,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Whether <paramref name="client"/> used up its failures; if so, when it may try again.</summary>
    public bool IsLockedOut(string client, out TimeSpan retryAfter)
    {
        // Asking for zero permits only reports whether any are left; it takes none.
        using var probe = failures.AttemptAcquire(client, 0);
        retryAfter = probe.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        return !probe.IsAcquired;
    }

    public void RecordFailure(string client)
    {
        using var lease = failures.AttemptAcquire(client, 1);
    }

    public void Dispose() => failures.Dispose();
}
