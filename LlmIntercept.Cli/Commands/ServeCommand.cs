using System.CommandLine;
using LlmIntercept.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Cli.Commands;

/// <summary>
/// <c>llm-intercept serve</c>: the proxy at <c>/v1/chat/completions</c> and the dashboard at <c>/admin</c> in
/// one process on one port, as the original tool ran.
/// </summary>
internal static class ServeCommand
{
    public const string DefaultBaseUrl = "https://openrouter.ai/api/v1/chat/completions";

    public static Command Create()
    {
        var host = new Option<string>("--host")
        {
            Description = "Address to listen on",
            DefaultValueFactory = _ => "0.0.0.0",
        };
        var port = new Option<int>("--port")
        {
            Description = "Port to listen on",
            DefaultValueFactory = _ => 8000,
        };
        var baseUrl = new Option<string>("--base-url")
        {
            Description = "Upstream chat-completions URL (env BASE_URL)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BASE_URL") ?? DefaultBaseUrl,
        };
        var databaseUrl = CommonOptions.DatabaseUrl();
        var adminPassword = new Option<string?>("--admin-password")
        {
            Description = "Password that guards the dashboard (env ADMIN_PASSWORD); required",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ADMIN_PASSWORD"),
        };
        var upstream = new Option<string?>("--upstream")
        {
            Description = "Upstream adapter: openrouter, openai, azure, ollama (env UPSTREAM); "
                + "guessed from the base URL when omitted",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("UPSTREAM"),
        };
        var pluginsDir = new Option<string?>("--plugins-dir")
        {
            Description = "Folder holding plugins (env PLUGINS_DIR); default: 'plugins' beside the executable",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PLUGINS_DIR"),
        };
        var reload = new Option<bool>("--reload")
        {
            Description = "Development mode: reload plugins when their files change",
        };

        var command = new Command("serve", "Run the proxy and the dashboard.")
        {
            host, port, baseUrl, databaseUrl, adminPassword, upstream, pluginsDir, reload,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new ServeSettings(
                parseResult.GetValue(host)!,
                parseResult.GetValue(port),
                parseResult.GetValue(baseUrl)!,
                parseResult.GetValue(databaseUrl)!,
                parseResult.GetValue(adminPassword),
                parseResult.GetValue(upstream),
                parseResult.GetValue(pluginsDir),
                parseResult.GetValue(reload));
            settings.Validate();

            await using var app = ServeHost.Build(settings, []);

            // Configuration errors (an environment variable out of range) surface here, before the host starts and
            // would log them with a stack trace; the runner shows each as a line.
            app.Services.GetService<IStartupValidator>()?.Validate();
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
