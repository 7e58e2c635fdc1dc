namespace LlmIntercept.AppHost.Orchestration;

/// <summary>
/// Every process the orchestrator starts inherits the AppHost's environment. Parameter values given as
/// <c>Parameters__*</c> variables, and the services' own keys set in the user's shell (say <c>ADMIN_PASSWORD</c>
/// left over from <c>llm-intercept serve</c>), would reach every service that way, whichever one they are meant
/// for. Configuration has read them by now, so they are taken out of this process before anything is started;
/// each service then gets only what <see cref="ServiceResources"/> gives it.
/// </summary>
internal static class AmbientSecrets
{
    private const string ParameterPrefix = "Parameters__";

    public static readonly string[] ServiceKeys = ["ADMIN_PASSWORD", "DATABASE_URL", "BASE_URL", "UPSTREAM"];

    public static void RemoveFromProcessEnvironment()
    {
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(IsAmbientSecret).ToList())
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    public static bool IsAmbientSecret(string name) =>
        name.StartsWith(ParameterPrefix, StringComparison.OrdinalIgnoreCase)
        || ServiceKeys.Contains(name, StringComparer.OrdinalIgnoreCase);
}
