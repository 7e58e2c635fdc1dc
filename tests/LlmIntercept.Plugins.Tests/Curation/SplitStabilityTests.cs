using System.Text.Json.Nodes;
using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Plugins.Tests.Infrastructure;
using LlmIntercept.Store;

namespace LlmIntercept.Plugins.Tests.Curation;

/// <summary>The split depends on the conversation only: the same across runs and whatever order the store holds.</summary>
public sealed class SplitStabilityTests
{
    private const int Conversations = 200;
    private static readonly CurationOptions Split = new() { ValidationRatio = 0.2 };

    [Fact]
    public async Task Split_TwoRunsOverTheSameStore_GiveTheSameAssignment()
    {
        await using var store = await TestStore.CreateAsync();
        await store.InsertAsync(Rows(reverse: false));

        var first = await AssignmentAsync(store);
        var second = await AssignmentAsync(store);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Split_StoresInsertedInOppositeOrders_GiveTheSameAssignment()
    {
        await using var forward = await TestStore.CreateAsync();
        await using var backward = await TestStore.CreateAsync();
        await forward.InsertAsync(Rows(reverse: false));
        await backward.InsertAsync(Rows(reverse: true));

        var forwardSplit = await AssignmentAsync(forward);
        var backwardSplit = await AssignmentAsync(backward);

        Assert.Equal(Conversations, forwardSplit.Count);
        Assert.Equal(forwardSplit, backwardSplit);

        // Near the ratio: 200 conversations at 0.2 put 40 in validation on average; a hash does not land exactly.
        var validation = forwardSplit.Count(pair => pair.Value == TrainingSplits.Validation);
        Assert.InRange(validation, 20, 60);
    }

    [Fact]
    public async Task Split_IntoFiles_SameConversationsAsTheColumnInEitherStoreOrder()
    {
        await using var backward = await TestStore.CreateAsync();
        await backward.InsertAsync(Rows(reverse: true));
        await using var forward = await TestStore.CreateAsync();
        await forward.InsertAsync(Rows(reverse: false));

        var column = await AssignmentAsync(forward);
        var (_, validation, _) = await StoreExport.ToTwoFilesAsync(backward, "jsonl.zst", Split);

        var validationPrompts = (await ZstdTool.ReadLinesAsync(validation))
            .Select(line => CurationRows.Prompt(JsonNode.Parse(line)!))
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            column.Where(pair => pair.Value == TrainingSplits.Validation).Select(pair => pair.Key).Order(StringComparer.Ordinal),
            validationPrompts);
    }

    private static async Task<SortedDictionary<string, string>> AssignmentAsync(TestStore store)
    {
        var (path, summary) = await StoreExport.ToFileAsync(store, "jsonl.zst", curation: Split);
        var assignment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in await ZstdTool.ReadLinesAsync(path))
        {
            var node = JsonNode.Parse(line)!;
            assignment.Add(CurationRows.Prompt(node), (string)node["split"]!);
        }

        Assert.Equal(summary.ValidationRows, assignment.Count(pair => pair.Value == TrainingSplits.Validation));
        return assignment;
    }

    private static List<LlmRequest> Rows(bool reverse)
    {
        var rows = Enumerable.Range(0, Conversations)
            .Select(i => Requests.Complete(
                Requests.Turn($"Question {i}", $"Answer {i}"),
                timestamp: Requests.Start.AddMinutes(reverse ? Conversations - i : i)))
            .ToList();
        if (reverse)
        {
            rows.Reverse();
        }

        return rows;
    }
}
