namespace LlmIntercept.Bench.Mock;

/// <summary>How the mock answers: service time before the headers, and the shape of a stream.</summary>
internal sealed record MockOptions(int ServiceMs, int Events, int EventDelayMs)
{
    public static MockOptions From(IConfiguration configuration)
    {
        var options = new MockOptions(
            configuration.GetValue("Mock:ServiceMs", 0),
            configuration.GetValue("Mock:Events", 50),
            configuration.GetValue("Mock:EventDelayMs", 2));
        if (options.ServiceMs < 0 || options.Events < 1 || options.EventDelayMs < 0)
        {
            throw new InvalidOperationException(
                "Mock:ServiceMs and Mock:EventDelayMs must be >= 0 and Mock:Events >= 1.");
        }

        return options;
    }
}
