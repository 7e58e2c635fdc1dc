using LlmIntercept.Store;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Dashboard.Hosting;

/// <summary>Collects every configuration problem, each naming its key, so one failed start shows them all.</summary>
internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.AdminPassword))
        {
            failures.Add(
                $"{DashboardOptions.AdminPasswordKey} is not set: the dashboard needs a password. "
                + $"Set the {DashboardOptions.AdminPasswordKey} environment variable or user secret.");
        }

        if (!Store.DatabaseUrl.TryParse(options.DatabaseUrl, out _, out var error))
        {
            failures.Add($"{DashboardOptions.DatabaseUrlKey} is invalid: {error}.");
        }

        if (options.SessionLifetime <= TimeSpan.Zero)
        {
            failures.Add("The session lifetime must be positive.");
        }

        if (options.ExactStatsRows < 0)
        {
            failures.Add($"{DashboardOptions.ExactStatsRowsKey} must be a whole number of rows, 0 or more.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
