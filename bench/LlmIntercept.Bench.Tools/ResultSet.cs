using System.Globalization;

namespace LlmIntercept.Bench.Tools;

/// <summary>The raw figures of a run: scenario, round, target, metric, value, one a line.</summary>
internal sealed class ResultSet
{
    private readonly List<(string Scenario, int Round, string Target, string Metric, double Value)> _rows = [];

    public static async Task<ResultSet> LoadAsync(string path)
    {
        var set = new ResultSet();
        foreach (var line in await File.ReadAllLinesAsync(path))
        {
            var parts = line.Split('\t');
            if (parts.Length != 5)
            {
                continue;
            }

            var value = double.TryParse(parts[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : double.NaN;
            set._rows.Add((parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2], parts[3], value));
        }

        return set;
    }

    public IEnumerable<int> Rounds(string scenario) =>
        _rows.Where(r => r.Scenario == scenario).Select(r => r.Round).Distinct().Order();

    public IEnumerable<string> Targets(string scenario) =>
        _rows.Where(r => r.Scenario == scenario).Select(r => r.Target).Distinct();

    public double Value(string scenario, int round, string target, string metric) =>
        _rows.Where(r => r.Scenario == scenario && r.Round == round && r.Target == target && r.Metric == metric)
            .Select(r => r.Value).DefaultIfEmpty(double.NaN).First();

    public double Median(string scenario, string target, string metric) => MedianOf(Values(scenario, target, metric));

    public double Max(string scenario, string target, string metric) =>
        Values(scenario, target, metric).DefaultIfEmpty(double.NaN).Max();

    public double Min(string scenario, string target, string metric) =>
        Values(scenario, target, metric).DefaultIfEmpty(double.NaN).Min();

    public double Sum(string scenario, string target, string metric) => Values(scenario, target, metric).Sum();

    /// <summary>The median over rounds of (a - b) within each round.</summary>
    public double MedianDifference(string scenario, string a, string b, string metric) =>
        MedianOf(PerRound(scenario, a, b, metric, (x, y) => x - y));

    /// <summary>The median over rounds of a / b within each round.</summary>
    public double MedianRatio(string scenario, string a, string b, string metric) =>
        MedianOf(PerRound(scenario, a, b, metric, (x, y) => y == 0 ? double.NaN : x / y));

    private IEnumerable<double> PerRound(string scenario, string a, string b, string metric, Func<double, double, double> f) =>
        Rounds(scenario).Select(round => f(Value(scenario, round, a, metric), Value(scenario, round, b, metric)))
            .Where(v => !double.IsNaN(v));

    private List<double> Values(string scenario, string target, string metric) =>
        _rows.Where(r => r.Scenario == scenario && r.Target == target && r.Metric == metric && !double.IsNaN(r.Value))
            .Select(r => r.Value).ToList();

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
