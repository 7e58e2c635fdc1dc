using Microsoft.Extensions.Options;

namespace LlmIntercept.Proxy.Configuration;

/// <summary>Reads <see cref="ProxyOptions"/> from configuration and stops the start on any invalid value.</summary>
internal static class ProxyOptionsLoader
{
    public static ProxyOptions Load(IConfiguration configuration)
    {
        var tuning = configuration.GetSection("Proxy").Get<ProxyOptions>() ?? new ProxyOptions();
        var options = tuning with
        {
            BaseUrl = NonEmpty(configuration["BASE_URL"]) ?? tuning.BaseUrl,
            Upstream = NonEmpty(configuration["UPSTREAM"]) ?? tuning.Upstream,
            DatabaseUrl = NonEmpty(configuration["DATABASE_URL"]) ?? tuning.DatabaseUrl,
        };

        var failures = options.Validate().ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException("Proxy", typeof(ProxyOptions), failures);
        }

        return options;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
