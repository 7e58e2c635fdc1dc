
namespace LlmIntercept.Dashboard.Stats;

/// <summary>
/// Requests over time by model. Buckets divide a day (1, 5, 15 ... 1440 minutes) or are whole days, so they
/// align on midnight UTC and SQLite can group on the calendar fields of the timestamp, exactly.
/// </summary>
internal static class Timeline
{
    public const int MinutesPerDay = 1440;
    public const int MaxBuckets = 120;

    /// <summary>Bucket sizes chosen from when none is asked: the smallest giving at most <see cref="MaxBuckets"/>.</summary>
    public static readonly int[] Ladder = [1, 5, 15, 30, 60, 180, 360, 720, MinutesPerDay, 7 * MinutesPerDay, 30 * MinutesPerDay];

    /// <summary>The placeholder for requests that named no model.</summary>
    public const string UnknownModel = "(unknown)";

    public static bool IsValidBucket(int minutes) =>
        minutes is > 0 and <= 366 * MinutesPerDay
        && (MinutesPerDay % minutes == 0 || minutes % MinutesPerDay == 0);

    public static int ChooseBucket(DateTime? first, DateTime? last)
    {
        if (first is null || last is null || last <= first)
        {
            return 60;
        }

        var minutes = (last.Value - first.Value).TotalMinutes;
        return Ladder.FirstOrDefault(size => minutes / size <= MaxBuckets, Ladder[^1]);
    }

    public static IReadOnlyList<TimeBucket> From(IEnumerable<StatsCell> cells, int bucketMinutes) =>
        cells
            .GroupBy(c => (Start: BucketStart(c.Day, c.Slot, bucketMinutes), Model: c.Model ?? UnknownModel))
            .Select(g => new TimeBucket(g.Key.Start, g.Key.Model, g.Sum(c => c.Count)))
            .OrderBy(b => b.Start)
            .ThenBy(b => b.Model, StringComparer.Ordinal)
            .ToList();

    /// <summary>The start of the bucket that <paramref name="timestamp"/> (UTC) falls in.</summary>
    public static DateTime StartOf(DateTime timestamp, int bucketMinutes)
    {
        var day = timestamp.Date;
        var slot = (timestamp.Hour * 60 + timestamp.Minute) / bucketMinutes;
        return BucketStart(day, bucketMinutes < MinutesPerDay ? slot : 0, bucketMinutes);
    }

    private static DateTime BucketStart(DateTime day, int slot, int bucketMinutes)
    {
        var utcDay = DateTime.SpecifyKind(day, DateTimeKind.Utc);
        if (bucketMinutes < MinutesPerDay)
        {
            return utcDay.AddMinutes(slot * bucketMinutes);
        }

        var days = bucketMinutes / MinutesPerDay;
        var sinceEpoch = (utcDay - DateTime.UnixEpoch).Days;
        return DateTime.UnixEpoch.AddDays(Math.Floor((double)sinceEpoch / days) * days);
    }
}
