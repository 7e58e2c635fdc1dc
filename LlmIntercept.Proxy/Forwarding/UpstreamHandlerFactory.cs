using System.Net;
using LlmIntercept.Proxy.Configuration;

namespace LlmIntercept.Proxy.Forwarding;

/// <summary>
/// The upstream connection pool. A plain <see cref="SocketsHttpHandler"/>, deliberately outside
/// IHttpClientFactory: no retry and no total timeout (either would break a long stream), no redirects, no
/// cookies, no decompression, no system proxy, and no trace headers added to what the provider receives.
/// </summary>
internal static class UpstreamHandlerFactory
{
    public static HttpMessageInvoker Create(ProxyOptions options) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
        ActivityHeadersPropagator = null,
        ConnectTimeout = options.ConnectTimeout,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        EnableMultipleHttp2Connections = true,
    });
}
