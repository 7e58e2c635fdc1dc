using LlmIntercept.Dashboard.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Dashboard.SignIn;

/// <summary>
/// The dashboard's cookie scheme. It is named, never made the default scheme, and every dashboard endpoint
/// authenticates against it explicitly, so a host that also serves the proxy (or has schemes of its own) is
/// not affected by it.
/// </summary>
internal static class DashboardAuthentication
{
    public const string Scheme = "LlmIntercept.Dashboard";
    public const string CookieName = "llm_intercept_dashboard";
    public const string SessionIdClaim = "llm_intercept:session";
    public const string PasswordStampClaim = "llm_intercept:password_stamp";

    public static IServiceCollection AddDashboardSignIn(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme);
        services.AddSingleton<IConfigureOptions<CookieAuthenticationOptions>, ConfigureDashboardCookie>();
        services.AddSingleton<AdminPassword>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<SessionRevocations>();
        services.AddSingleton<SessionValidator>();
        services.AddSingleton<PasswordSignIn>();
        return services;
    }

    private sealed class ConfigureDashboardCookie(
        IOptions<DashboardOptions> dashboard,
        DashboardMount mount,
        SessionValidator validator) : IConfigureNamedOptions<CookieAuthenticationOptions>
    {
        public void Configure(string? name, CookieAuthenticationOptions options)
        {
            if (name != Scheme)
            {
                return;
            }

            options.Cookie.Name = CookieName;
            options.Cookie.Path = mount.CookiePath;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.IsEssential = true;
            options.ExpireTimeSpan = dashboard.Value.SessionLifetime;
            options.SlidingExpiration = true;
            options.Events.OnValidatePrincipal = validator.ValidateAsync;

            // An API answers 401/403 itself; it never redirects to a login page.
            options.Events.OnRedirectToLogin = context => DashboardResults.WriteUnauthenticatedAsync(context.HttpContext);
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        }

        public void Configure(CookieAuthenticationOptions options) => Configure(Options.DefaultName, options);
    }
}
