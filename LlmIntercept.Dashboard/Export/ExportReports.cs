using System.Collections.Concurrent;
using System.Security.Cryptography;
using LlmIntercept.Plugins.Hosting;

namespace LlmIntercept.Dashboard.Export;

/// <summary>
/// The quality reports of the last downloads, by an unguessable id sent in the <c>X-Export-Id</c> header: a
/// download's body is the file, so its report is fetched afterwards with GraphQL <c>exportReport(id)</c>. Only the
/// newest <see cref="Capacity"/> are kept, in memory.
/// </summary>
internal sealed class ExportReports
{
    public const int Capacity = 32;

    private readonly ConcurrentDictionary<string, ExportSummary> reports = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public void Add(string id, ExportSummary summary)
    {
        reports[id] = summary;
        order.Enqueue(id);
        while (order.Count > Capacity && order.TryDequeue(out var oldest))
        {
            reports.TryRemove(oldest, out _);
        }
    }

    public ExportSummary? Find(string id) => reports.GetValueOrDefault(id);
}
