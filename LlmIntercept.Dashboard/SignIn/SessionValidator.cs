using Microsoft.AspNetCore.Authentication.Cookies;

namespace LlmIntercept.Dashboard.SignIn;

/// <summary>Refuses a session cookie that was signed out, or that was issued under another password.</summary>
internal sealed class SessionValidator(SessionRevocations revocations, AdminPassword password)
{
    public Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var sessionId = principal?.FindFirst(DashboardAuthentication.SessionIdClaim)?.Value;
        var stamp = principal?.FindFirst(DashboardAuthentication.PasswordStampClaim)?.Value;
        if (sessionId is null || revocations.IsRevoked(sessionId) || stamp != password.Stamp())
        {
            context.RejectPrincipal();
        }

        return Task.CompletedTask;
    }
}
