using System.Globalization;

namespace LlmIntercept.Bench.Tools;

/// <summary>Nearest-rank percentiles of a sample, in milliseconds, formatted for the benchmark tables.</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> samples, double percentile)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
