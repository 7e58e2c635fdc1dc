using System.Security.Claims;
using LlmIntercept.Dashboard.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Dashboard.SignIn;

internal enum SignInOutcome
{
    SignedIn,
    WrongPassword,
    LockedOut,
}

internal sealed record SignInResult(SignInOutcome Outcome, TimeSpan RetryAfter);

/// <summary>Signs a person in with the admin password, and out again; shared by the login form and the link.</summary>
internal sealed class PasswordSignIn(
    AdminPassword password,
    LoginThrottle throttle,
    SessionRevocations revocations,
    TimeProvider time,
    IOptions<DashboardOptions> options,
    ILogger<PasswordSignIn> logger)
{
    public async Task<SignInResult> SignInAsync(HttpContext http, string? candidate)
    {
        var client = ClientKey(http);
        if (throttle.IsLockedOut(client, out var retryAfter))
        {
            Log.SignInLockedOut(logger, client);
            return new SignInResult(SignInOutcome.LockedOut, retryAfter);
        }

        if (!password.Matches(candidate))
        {
            throttle.RecordFailure(client);
            Log.SignInFailed(logger, client);
            return new SignInResult(SignInOutcome.WrongPassword, TimeSpan.Zero);
        }

        await http.SignInAsync(DashboardAuthentication.Scheme, NewPrincipal(), NewProperties());
        Log.SignedIn(logger, client);
        return new SignInResult(SignInOutcome.SignedIn, TimeSpan.Zero);
    }

    public async Task SignOutAsync(HttpContext http)
    {
        var session = await http.AuthenticateAsync(DashboardAuthentication.Scheme);
        var sessionId = session.Principal?.FindFirst(DashboardAuthentication.SessionIdClaim)?.Value;
        if (session.Succeeded && sessionId is not null)
        {
            var expires = session.Properties?.ExpiresUtc ?? time.GetUtcNow() + options.Value.SessionLifetime;
            revocations.Revoke(sessionId, expires);
        }

        await http.SignOutAsync(DashboardAuthentication.Scheme);
    }

    private ClaimsPrincipal NewPrincipal()
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, "admin"),
                new Claim(DashboardAuthentication.SessionIdClaim, Guid.NewGuid().ToString("N")),
                new Claim(DashboardAuthentication.PasswordStampClaim, password.Stamp()),
            ],
            DashboardAuthentication.Scheme);
        return new ClaimsPrincipal(identity);
    }

    // The cookie handler sets the issue and expiry times from its own clock, the one it checks them against.
    private static AuthenticationProperties NewProperties() => new() { IsPersistent = true, AllowRefresh = true };

    private static string ClientKey(HttpContext http) =>
        http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
