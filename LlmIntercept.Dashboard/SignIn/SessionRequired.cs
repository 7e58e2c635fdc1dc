using LlmIntercept.Dashboard.Hosting;
using Microsoft.AspNetCore.Authentication;

namespace LlmIntercept.Dashboard.SignIn;

/// <summary>Lets a request through only with a valid dashboard session; otherwise answers 401 JSON.</summary>
internal sealed class SessionRequired : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.Headers.CacheControl = "no-store";
        if (!await IsSignedInAsync(http))
        {
            return DashboardResults.Unauthorized();
        }

        return await next(context);
    }

    /// <summary>Authenticates against the dashboard's own scheme, whatever the host's default scheme is.</summary>
    public static async Task<bool> IsSignedInAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(DashboardAuthentication.Scheme);
        if (!result.Succeeded)
        {
            return false;
        }

        http.User = result.Principal;
        return true;
    }
}
