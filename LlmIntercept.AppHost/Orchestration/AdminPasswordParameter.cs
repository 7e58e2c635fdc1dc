using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmIntercept.AppHost.Orchestration;

/// <summary>
/// The dashboard's password. When none is configured on a local run, one is generated, written to the AppHost's
/// user secrets (so it stays the same from run to run) and shown once, on the run that made it, in the AppHost's
/// console: the user's own terminal, never a service's log, a span or the store.
/// </summary>
internal sealed class AdminPasswordParameter
{
    public const string Name = "admin-password";
    public const string ConfigurationKey = $"Parameters:{Name}";

    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int Length = 24;

    private readonly string? _generated;
    private readonly string? _secretsPath;

    private AdminPasswordParameter(IResourceBuilder<ParameterResource> parameter, string? generated, string? secretsPath)
    {
        Parameter = parameter;
        _generated = generated;
        _secretsPath = secretsPath;
    }

    public IResourceBuilder<ParameterResource> Parameter { get; }

    public static AdminPasswordParameter Add(IDistributedApplicationBuilder builder)
    {
        string? generated = null;
        string? secretsPath = null;
        if (builder.ExecutionContext.IsRunMode && string.IsNullOrEmpty(builder.Configuration[ConfigurationKey]))
        {
            // User secrets are read only in Development; outside it the kept value is read here.
            var secrets = UserSecretsFile.Open(typeof(AdminPasswordParameter).Assembly);
            var kept = secrets?.Read(ConfigurationKey);
            if (kept is null)
            {
                generated = RandomNumberGenerator.GetString(Alphabet, Length);
                secrets?.Write(ConfigurationKey, generated);
                secretsPath = secrets?.Path;
            }

            builder.Configuration[ConfigurationKey] = kept ?? generated;
        }

        var parameter = builder.AddParameter(Name, secret: true)
            .WithDescription("Password of the LlmIntercept dashboard. Generated and kept in user secrets if not given.");
        return new AdminPasswordParameter(parameter, generated, secretsPath);
    }

    /// <summary>
    /// Says where the password is. Its value goes to the terminal itself, on the run that generated it, and never
    /// through logging, whose lines may be collected elsewhere.
    /// </summary>
    public void Announce(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("LlmIntercept.AppHost");
        if (_generated is null)
        {
            Log.PasswordConfigured(logger, ConfigurationKey);
            return;
        }

        Console.Out.WriteLine($"Dashboard password: {_generated}");
        if (_secretsPath is null)
        {
            Log.PasswordGeneratedForThisRun(logger, ConfigurationKey);
        }
        else
        {
            Log.PasswordGenerated(logger, _secretsPath, ConfigurationKey);
        }
    }
}
