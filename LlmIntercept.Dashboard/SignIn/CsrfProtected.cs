using LlmIntercept.Dashboard.Hosting;
using Microsoft.Net.Http.Headers;

namespace LlmIntercept.Dashboard.SignIn;

/// <summary>
/// Refuses a state-changing request that a cross-site HTML form could have sent: it must carry
/// <c>Content-Type: application/json</c> or <c>X-Requested-With: fetch</c>, neither of which a form can set
/// (and a cross-origin script cannot send them without a CORS preflight, which this service never grants).
/// </summary>
internal sealed class CsrfProtected : IEndpointFilter
{
    public const string RequestedWithHeader = "X-Requested-With";
    public const string RequestedWithValue = "fetch";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || IsScripted(request))
        {
            return next(context);
        }

        return ValueTask.FromResult<object?>(DashboardResults.Error(
            $"This request needs Content-Type: application/json or the header {RequestedWithHeader}: "
            + $"{RequestedWithValue}.",
            StatusCodes.Status403Forbidden));
    }

    private static bool IsScripted(HttpRequest request)
    {
        if (string.Equals(request.Headers[RequestedWithHeader], RequestedWithValue, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }
}
