using System.Text;

namespace LlmIntercept.AppHost.Tests.Infrastructure;

/// <summary>The environment a running process was started with, as the kernel keeps it (Linux only).</summary>
internal static class ProcessEnvironment
{
    public static IReadOnlyDictionary<string, string> Of(int processId)
    {
        var raw = File.ReadAllBytes($"/proc/{processId}/environ");
        return Encoding.UTF8.GetString(raw)
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .GroupBy(pair => pair[0])
            .ToDictionary(group => group.Key, group => group.Last().ElementAtOrDefault(1) ?? "");
    }

    /// <summary>The processes whose parent is <paramref name="processId"/>, then theirs, and so on.</summary>
    public static IEnumerable<int> Descendants(int processId)
    {
        var children = $"/proc/{processId}/task/{processId}/children";
        if (!File.Exists(children))
        {
            yield break;
        }

        foreach (var child in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
        {
            yield return child;
            foreach (var grandchild in Descendants(child))
            {
                yield return grandchild;
            }
        }
    }
}
