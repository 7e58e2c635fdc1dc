using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace LlmIntercept.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests of one process: initdb into a temporary folder, started with
/// pg_ctl on a free loopback port with password authentication, stopped and deleted when the process exits.
/// As root, the server runs as the <c>postgres</c> account (PostgreSQL refuses to run as root). Without the
/// server binaries every test that asks for it fails, saying what to install.
/// </summary>
public sealed class PostgresServer
{
    public const string User = "intercept";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private readonly string _folder;
    private readonly string _binaries;
    private readonly bool _asPostgresUser;

    private PostgresServer(string folder, string binaries, bool asPostgresUser, int port, string password)
    {
        _folder = folder;
        _binaries = binaries;
        _asPostgresUser = asPostgresUser;
        Port = port;
        Password = password;
    }

    public int Port { get; }

    /// <summary>The superuser's password; URL-safe characters only.</summary>
    public string Password { get; }

    private string DataFolder => Path.Combine(_folder, "data");

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>A new, empty database on the shared server, as a <c>postgresql://</c> URL with the password.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return UrlFor(name);
    }

    public string UrlFor(string database) => $"postgresql://{User}:{Password}@127.0.0.1:{Port}/{database}";

    private string AdminConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username={User};Password={Password};Database=postgres;Pooling=false";

    private static async Task<PostgresServer> StartAsync()
    {
        var binaries = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found in PG_BIN, on PATH or in "
            + "/usr/lib/postgresql/*/bin. Install Debian's postgresql package (bash scripts/install-test-deps.sh) "
            + "or set PG_BIN to the folder holding initdb.");
        var asPostgresUser = Environment.UserName == "root";
        var folder = Directory.CreateTempSubdirectory("llm-intercept-pg-").FullName;
        var password = "pw" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        await File.WriteAllTextAsync(Path.Combine(folder, "pwfile"), password + "\n");
        var port = FreePort();
        var server = new PostgresServer(folder, binaries, asPostgresUser, port, password);
        if (asPostgresUser)
        {
            await RunAsync("chown", ["-R", "postgres:", folder], asPostgresUser: false);
        }

        await server.RunToolAsync(
            "initdb",
            ["-D", server.DataFolder, "-U", User, "--pwfile", Path.Combine(folder, "pwfile"), "-A", "scram-sha-256",
                "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync"]);
        var settings = $"-c port={port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder} "
            + "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        await server.RunToolAsync(
            "pg_ctl",
            ["-D", server.DataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "180", "-o", settings, "start"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        server.StartWatchdog();
        return server;
    }

    private void Stop()
    {
        try
        {
            RunToolAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"]).GetAwaiter().GetResult();
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException)
        {
            // The process is exiting; a cluster left in /tmp is harmless and says in its folder name what it is.
        }
    }

    /// <summary>
    /// The test host is often ended without running exit handlers, and pg_ctl's server outlives it; a detached
    /// shell waits for this process to go and then stops the cluster and deletes its folder.
    /// </summary>
    private void StartWatchdog()
    {
        var pgCtl = Path.Combine(_binaries, "pg_ctl");
        var stop = _asPostgresUser ? $"runuser -u postgres -- '{pgCtl}'" : $"'{pgCtl}'";
        var script = "exec </dev/null >/dev/null 2>&1; "
            + $"while kill -0 {Environment.ProcessId}; do sleep 1; done; "
            + $"{stop} -D '{DataFolder}' -m immediate -w stop; rm -rf '{_folder}'";
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "bash", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }

        using var watchdog = Process.Start(start);
    }

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments) =>
        RunAsync(Path.Combine(_binaries, tool), arguments, _asPostgresUser);

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgresUser)
    {
        var start = new ProcessStartInfo(asPostgresUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgresUser)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private static string? FindBinaries()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(v => int.TryParse(Path.GetFileName(v), out var n) ? n : 0)
                .Select(v => Path.Combine(v, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(folder =>
            File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
