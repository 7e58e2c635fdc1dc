namespace LlmIntercept.AppHost.Orchestration;

/// <summary>
/// Headless runs (CI, servers) start no Aspire dashboard and give the services no OTLP endpoint, so nothing
/// waits on a collector that is not there. Asked for with <c>--headless</c> or <c>LLM_INTERCEPT_HEADLESS=true</c>.
/// </summary>
internal sealed record HeadlessMode(bool Headless, string[] RemainingArgs)
{
    public const string Flag = "--headless";
    public const string EnvironmentVariable = "LLM_INTERCEPT_HEADLESS";

    /// <summary>
    /// Reads the flag and removes it: left in, the configuration's command-line reader would take the next
    /// argument as its value.
    /// </summary>
    public static HeadlessMode FromArgs(string[] args, string? environmentValue)
    {
        ArgumentNullException.ThrowIfNull(args);

        var remaining = args.Where(arg => !IsFlag(arg)).ToArray();
        var requested = remaining.Length != args.Length || IsTrue(environmentValue);
        return new HeadlessMode(requested, remaining);
    }

    private static bool IsFlag(string arg) => string.Equals(arg, Flag, StringComparison.OrdinalIgnoreCase);

    private static bool IsTrue(string? value) =>
        value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Trim() == "1");
}
