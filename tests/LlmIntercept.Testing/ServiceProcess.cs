using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LlmIntercept.Testing;

/// <summary>
/// One of the solution's services run as its own process (<c>dotnet LlmIntercept.X.dll</c> from that project's
/// build output) on a free loopback port, with only the environment it is given; its output is kept.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>Every line the process wrote to standard output or error.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    public static async Task<ServiceProcess> StartAsync(string project, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(AssemblyPath(project))!,
        };
        start.ArgumentList.Add(AssemblyPath(project));
        foreach (var name in new[] { "DATABASE_URL", "ADMIN_PASSWORD", "BASE_URL", "UPSTREAM", "OTEL_EXPORTER_OTLP_ENDPOINT" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_URLS"] = baseUri.ToString().TrimEnd('/');
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var service = new ServiceProcess(process, baseUri);
        process.OutputDataReceived += (_, line) => service.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => service.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await service.WaitUntilAliveAsync();
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    /// <summary>Stops the service as a shutdown signal would (SIGTERM), so it drains what it holds.</summary>
    public async Task StopAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            Output.Enqueue(line);
        }
    }

    private async Task WaitUntilAliveAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"the service exited ({_process.ExitCode}): {string.Join('\n', Output)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUri, "alive"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the service did not come up: {string.Join('\n', Output)}");
    }

    /// <summary>Runs a command-line program of the solution to its end; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string project,
        string assembly,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(AssemblyPath(project, assembly));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("DATABASE_URL");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static string AssemblyPath(string project, string? assembly = null)
    {
        // This test assembly is in tests/<Tests>/bin/<Configuration>/<tfm>/; the service's is in <project>/bin/ alike.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "LlmIntercept.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(
            root?.FullName ?? throw new InvalidOperationException("LlmIntercept.sln not found above the tests"),
            project, "bin", configuration, framework, (assembly ?? project) + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build {project} first", path);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
