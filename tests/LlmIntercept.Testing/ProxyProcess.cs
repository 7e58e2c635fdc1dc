using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LlmIntercept.Testing;

/// <summary>
/// The built proxy (<c>LlmIntercept.Proxy.dll</c> beside the tests) as a real operating-system process on a
/// loopback port, for what only a process can show: a graceful stop by SIGTERM and a hard kill by SIGKILL.
/// </summary>
public sealed class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringWriter _output = new();

    private ProxyProcess(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseUri { get; }

    public Uri ChatCompletionsUri => new(BaseUri, "/v1/chat/completions");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ProxyProcess> StartAsync(Uri upstream, string databasePath, IDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var plugins = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(databasePath)!, "no-plugins")).FullName;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "LlmIntercept.Proxy.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["BASE_URL"] = upstream.ToString();
        start.Environment["DATABASE_URL"] = "sqlite:///" + databasePath;
        start.Environment["PLUGINS_DIR"] = plugins;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new ProxyProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"));
        await process.WaitUntilHealthyAsync();
        return process;
    }

    /// <summary>SIGTERM: the host stops gracefully (stops accepting, finishes calls, drains the queue).</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>SIGKILL: the process ends at once, whatever it was doing.</summary>
    public void KillHard() => _process.Kill();

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The proxy exited with {_process.ExitCode}: {Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUri, "/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The proxy never became healthy: {Output}");
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.WriteLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
