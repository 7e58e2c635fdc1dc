using System.Text.Json.Nodes;
using LlmIntercept.Store;

namespace LlmIntercept.Plugins.Tests.Infrastructure;

/// <summary>What a stored request must come out as.</summary>
internal sealed record ExpectedRow(string Messages, string? Model, DateTime Timestamp, string? Tools, string? ToolCalls);

/// <summary>
/// A varied store: plain turns with awkward text, system prompts, tool calls with tools, rows without a model, and
/// rows the export must leave out (unfinished, invalid tool arguments, refusals, excluded, failed).
/// </summary>
internal static class SampleRows
{
    public const int Exportable = 40;

    public static (List<LlmRequest> Rows, List<ExpectedRow> Expected) Create()
    {
        var rows = new List<LlmRequest>();
        var expected = new List<ExpectedRow>();
        for (var i = 0; i < Exportable; i++)
        {
            var (row, result) = Build(i);
            rows.Add(row);
            expected.Add(result);
            rows.AddRange(Unexportable(i));
        }

        return (rows, expected);
    }

    /// <summary>
    /// Rows read but skipped per exportable row: one unfinished every 4th, one invalid every 10th, and every 5th a
    /// refusal, a failed stream and an excluded one.
    /// </summary>
    public static IReadOnlyDictionary<string, long> ExpectedSkips { get; } =
        new Dictionary<string, long>
        {
            ["finish_reason_length"] = Exportable / 4,
            ["invalid_tool_arguments"] = Exportable / 10,
            ["refusal"] = Exportable / 5,
            ["not_complete"] = Exportable / 5,
            ["excluded"] = Exportable / 5,
        };

    private static (LlmRequest, ExpectedRow) Build(int i)
    {
        var timestamp = Requests.Start.AddMinutes(i).AddMilliseconds(i);
        var model = i % 8 == 3 ? null : $"model-{i % 3}";
        switch (i % 4)
        {
            case 0:
                var awkward = Requests.Turn($"Question {i}: «quote \" and\nnew line» \\ tab\t", $"Answer {i} ✓ 日本語");
                return (Requests.Complete(awkward, model: model, timestamp: timestamp), new(awkward, model, timestamp, null, null));
            case 1:
                var withSystem = $$"""[{"role":"system","content":"Be brief ({{i}})."},{"role":"user","content":"Hi {{i}}"},{"role":"assistant","content":"Hello {{i}}"}]""";
                return (Requests.Complete(withSystem, model: model, timestamp: timestamp), new(withSystem, model, timestamp, null, null));
            case 2:
                var calls = $$$"""[{"id":"call_{{{i}}}","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris {{{i}}}\"}"}}]""";
                var tools = """[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""";
                var toolTurn = $$"""[{"role":"user","content":"Weather {{i}}?"},{"role":"assistant","content":null,"tool_calls":{{calls}}}]""";
                var request = Requests.Complete(toolTurn, "tool_calls", tools, calls, model, timestamp);
                return (request, new(toolTurn, model, timestamp, tools, calls));
            default:
                var multi = $$"""[{"role":"user","content":[{"type":"text","text":"Part {{i}}"}]},{"role":"assistant","content":"Reply {{i}}"},{"role":"user","content":"More"},{"role":"assistant","content":"Done {{i}}"}]""";
                return (Requests.Complete(multi, model: model, timestamp: timestamp), new(multi, model, timestamp, null, null));
        }
    }

    private static IEnumerable<LlmRequest> Unexportable(int i)
    {
        var turn = Requests.Turn($"Skip {i}", "Cut");
        if (i % 4 == 0)
        {
            yield return Requests.Complete(turn, finishReason: "length");
        }

        if (i % 10 == 0)
        {
            yield return Requests.Complete(turn, toolArgumentsValid: false);
        }

        if (i % 5 == 0)
        {
            yield return Requests.Complete(turn, outcome: RequestOutcome.Refusal);
            yield return Requests.Complete(turn, outcome: RequestOutcome.StreamError, finishReason: "error");
            var excluded = Requests.Complete(turn);
            excluded.Excluded = true;
            yield return excluded;
        }
    }

    public static void AssertMessages(string expected, string actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)),
            $"messages differ:\nexpected {expected}\nactual   {actual}");
}
