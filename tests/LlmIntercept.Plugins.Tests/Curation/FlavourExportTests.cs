using System.Text.Json.Nodes;
using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Plugins.Tests.Infrastructure;
using LlmIntercept.Store;

namespace LlmIntercept.Plugins.Tests.Curation;

/// <summary>A training file in each flavour, every line parsed by a strict reader of that format.</summary>
public sealed class FlavourExportTests
{
    private const string Tools =
        """[{"type":"function","function":{"name":"get_weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]""";

    private const string ParallelCalls =
        """[{"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}},{"id":"c2","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Bergen\"}"}}]""";

    private const string SingleCall =
        """[{"id":"c9","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]""";

    [Fact]
    public async Task Export_OpenAIFlavour_EveryLineIsStrictOpenAIFineTuning()
    {
        var lines = await ExportAsync(TrainingFlavour.OpenAI);

        Assert.All(lines, StrictFormats.OpenAI);
        var round = lines[0];
        Assert.True((bool)round["parallel_tool_calls"]!);
        Assert.Equal("""{"city":"Bergen"}""", (string?)round["messages"]![2]!["tool_calls"]![1]!["function"]!["arguments"]);
        Assert.Equal("Weather now", (string?)round["tools"]![0]!["function"]!["description"]);
        Assert.Equal("system", (string?)lines[1]["messages"]![0]!["role"]);
        Assert.Null(lines[1]["messages"]![2]!["reasoning_content"]);
        Assert.False((bool)lines[2]["parallel_tool_calls"]!);
        Assert.Equal("Part two", (string?)lines[3]["messages"]![1]!["content"]![1]!["text"]);
    }

    [Fact]
    public async Task Export_TrlFlavour_EveryLineIsStrictTrlMessagesWithObjectArguments()
    {
        var lines = await ExportAsync(TrainingFlavour.Trl);

        Assert.All(lines, StrictFormats.Trl);
        Assert.Equal("Bergen", (string?)lines[0]["messages"]![2]!["tool_calls"]![1]!["function"]!["arguments"]!["city"]);
        Assert.Equal("c2", (string?)lines[0]["messages"]![4]!["tool_call_id"]);
        Assert.Equal("The user greets.", (string?)lines[1]["messages"]![2]!["reasoning_content"]);
        Assert.Equal("", (string?)lines[2]["messages"]![1]!["content"]);
        Assert.Equal("Part one\nPart two", (string?)lines[3]["messages"]![1]!["content"]);
    }

    [Fact]
    public async Task Export_ShareGptFlavour_EveryLineIsStrictLlamaFactoryShareGpt()
    {
        var lines = await ExportAsync(TrainingFlavour.ShareGpt);

        Assert.All(lines, StrictFormats.ShareGpt);
        var round = lines[0]["conversations"]!.AsArray();
        Assert.Equal(["human", "function_call", "observation", "gpt"], round.Select(t => (string)t!["from"]!));
        Assert.Equal("""[{"name":"get_weather","arguments":{"city":"Oslo"}},{"name":"get_weather","arguments":{"city":"Bergen"}}]""",
            (string?)round[1]!["value"]);
        Assert.Equal("""["Sunny","Rain"]""", (string?)round[2]!["value"]);
        Assert.Equal("You forecast.", (string?)lines[0]["system"]);
        Assert.Equal("""[{"name":"get_weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]""",
            (string?)lines[0]["tools"]);
        Assert.Equal("""{"name":"get_weather","arguments":{"city":"Rome"}}""", (string?)lines[2]["conversations"]![1]!["value"]);
        Assert.Equal("Be kind.", (string?)lines[1]["system"]);
    }

    [Fact]
    public async Task Export_ShareGptFlavour_ConversationStartingWithTheAssistant_IsSkippedAsUnfit()
    {
        await using var store = await TestStore.CreateAsync();
        await store.InsertAsync([Requests.Complete("""[{"role":"assistant","content":"Hello"},{"role":"assistant","content":"Again"}]""")]);

        var (_, summary) = await StoreExport.ToFileAsync(store, "jsonl.zst", curation: new CurationOptions { Flavour = TrainingFlavour.ShareGpt });

        Assert.Equal(0, summary.RowsWritten);
        Assert.Equal(1, summary.Skipped["unfit_for_flavour"]);
    }

    [Fact]
    public void StrictReaders_RejectWhatTheFormatsDoNotDefine()
    {
        Assert.Throws<FormatException>(() => StrictFormats.OpenAI(Parse("""{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}],"model":"x"}""")));
        Assert.Throws<FormatException>(() => StrictFormats.OpenAI(Parse("""{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b","reasoning_content":"r"}]}""")));
        Assert.Throws<FormatException>(() => StrictFormats.Trl(Parse("""{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"","tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]}]}""")));
        Assert.Throws<FormatException>(() => StrictFormats.ShareGpt(Parse("""{"conversations":[{"from":"user","value":"a"},{"from":"gpt","value":"b"}]}""")));
        Assert.Throws<FormatException>(() => StrictFormats.ShareGpt(Parse("""{"conversations":[{"from":"human","value":"a"}]}""")));
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static async Task<List<JsonObject>> ExportAsync(TrainingFlavour flavour)
    {
        await using var store = await TestStore.CreateAsync();
        await store.InsertAsync(Rows());

        var (path, summary) = await StoreExport.ToFileAsync(store, "jsonl.zst", curation: new CurationOptions { Flavour = flavour });

        var lines = (await ZstdTool.ReadLinesAsync(path)).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal(4, summary.RowsWritten);
        return lines;
    }

    private static List<LlmRequest> Rows()
    {
        var round = $$"""[{"role":"system","content":"You forecast."},{"role":"user","content":"Oslo and Bergen?"},{"role":"assistant","content":null,"tool_calls":{{ParallelCalls}}},{"role":"tool","tool_call_id":"c1","content":"Sunny"},{"role":"tool","tool_call_id":"c2","content":"Rain"},{"role":"assistant","content":"Sunny in Oslo, rain in Bergen."}]""";
        var reasoning = """[{"role":"developer","content":"Be kind."},{"role":"user","content":"Hello"},{"role":"assistant","content":"Hi there!"}]""";
        var call = $$"""[{"role":"user","content":"Rome?"},{"role":"assistant","content":null,"tool_calls":{{SingleCall}}}]""";
        var parts = """[{"role":"system","content":"Short."},{"role":"user","content":[{"type":"text","text":"Part one"},{"type":"text","text":"Part two"}]},{"role":"assistant","content":"Both read."}]""";
        return
        [
            Requests.Complete(round, tools: Tools),
            Requests.Complete(reasoning, reasoning: "The user greets."),
            Requests.Complete(call, "tool_calls", Tools, SingleCall),
            Requests.Complete(parts),
        ];
    }
}
