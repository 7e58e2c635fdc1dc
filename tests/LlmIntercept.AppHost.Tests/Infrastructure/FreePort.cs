using System.Net;
using System.Net.Sockets;

namespace LlmIntercept.AppHost.Tests.Infrastructure;

internal static class FreePort
{
    /// <summary>A loopback port nothing listens on now, so a run never collides with an instance already running.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
