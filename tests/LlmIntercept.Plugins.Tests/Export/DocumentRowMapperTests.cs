using System.Text;
using System.Text.Json.Nodes;
using LlmIntercept.Plugins.Hosting.Curation;
using LlmIntercept.Plugins.Hosting.Export;

namespace LlmIntercept.Plugins.Tests.Export;

/// <summary>The fast mapper gives what the node-based reference gives, or leaves the row to it.</summary>
public sealed class DocumentRowMapperTests
{
    private const string Calls =
        """[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Zürich\"}"}}]""";

    public static TheoryData<string, string?, string?, string?> Rows => new()
    {
        // messages, tools, reasoning column, finish reason
        { """[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]""", null, null, "stop" },
        { """ [ {"role" : "system", "content":"Be brief."},{"role":"user","content":"Hi"}, {"role":"assistant","content":"Hello"} ] """, null, null, "stop" },
        { """[{"role":"user","content":"Grüße, 日本語, emoji 🚀, <b>&amp;</b>"},{"role":"assistant","content":"Ça va ✓"}]""", null, null, "stop" },
        { """[{"role":"user","content":"escaped \u00e9 \"quoted\" \\ back\nline \u2028 \ud83d\ude80"},{"role":"assistant","content":"\u0041\t"}]""", null, null, "stop" },
        { """[{"role":"developer","content":"No emojis."},{"role":"user","content":[{"type":"text","text":"part one"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]},{"role":"assistant","content":"Seen."}]""", null, null, "stop" },
        { $$"""[{"role":"user","content":"Weather?"},{"role":"assistant","content":null,"refusal":null,"tool_calls":{{Calls}},"annotations":[]}]""", """[ {"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}} ]""", null, "tool_calls" },
        { $$"""[{"role":"user","content":"Weather?"},{"role":"assistant","content":null,"tool_calls":{{Calls}}}]""", null, null, null },
        { """[{"role":"user","content":"Pick"},{"role":"assistant","content":"7","reasoning":"one digit","reasoning_details":[{"type":"reasoning.text"}]}]""", null, "one digit", "stop" },
        { """[{"role":"user","content":"Pick"},{"role":"assistant","content":"7","reasoning_content":null,"reasoning":"kept as content"}]""", null, null, "stop" },
        { """[{"role":"user","content":"Pick"},{"role":"assistant","content":"7","reasoning_content":"mine","reasoning":"dropped"}]""", null, null, "stop" },
        { """[{"role":"user","content":"Pick"},{"role":"assistant","content":"7"}]""", null, "from the column, ü", "stop" },
        { """[{"role":"user","content":"Hi","name":"bob","weight":0},{"role":"assistant","content":"Yo","name":"bot","weight":1,"audio":null}]""", "[]", null, "stop" },
        { """[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hel"}]""", null, null, "length" },
        { """[{"role":"user","content":"Hi"},{"role":"assistant","content":null,"refusal":"I can't help."}]""", null, null, "stop" },
        { """[{"role":"user","content":"Hi"},{"role":"assistant","content":null,"refusal":"  "}]""", null, null, "stop" },
        { """[{"role":"user","content":"Hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{not json"}}]}]""", null, null, "tool_calls" },
        { """[{"role":"user","content":"Hi"},{"role":"assistant","content":null,"function_call":{"name":"f","arguments":"{}"}}]""", null, null, null },
        { """[{"role":"user","content":"Hi"},{"role":"assistant","content":"x"}]""", "{\"not\":\"an array\"}", null, "stop" },
        { """[{"role":"user","content":"Hi"},{"role":"assistant","content":"x"}]""", "not json", null, "stop" },
        { """[{"role":"user","content":"Hi"},{"role":"assistant","content":"x"}]""", "null", null, "stop" },
        { """[{"role":"user","content":"Hi"},{"role":"assistant","content":"x"}]""", "  \n ", null, "stop" },
        { """[{"role":"user","content":"Hi"},{"role":"assistant","content":"x"}]""", "\u00a0\u2003", null, "stop" },
        { """[{"role":"user","content":"Hi"},{"role":"assistant","content":"x"}]""", "", null, "stop" },
        { """[{"role":"user","content":"Hi"}]""", null, null, "stop" },
        { """[{"role":"user","content":"Hi"},"not an object"]""", null, null, "stop" },
        { """[]""", null, null, "stop" },
        { """{"role":"assistant"}""", null, null, "stop" },
        { """[{"role":"user","content":"Hi"},{"role":"assistant","content":"x"}""", null, null, "stop" },
        { "   ", null, null, "stop" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Map_TrickyRow_GivesTheNodePathsRowAndTokenEstimate(
        string messages,
        string? tools,
        string? reasoning,
        string? finishReason)
    {
        foreach (var includeSystemPrompts in new[] { true, false })
        {
            var row = Row(messages, tools, reasoning, finishReason);
            var expected = TrainingExampleMapper.TryMapWithNodes(row, includeSystemPrompts, out var reference, out var expectedReason);

            var result = new DocumentRowMapper().Map(row, includeSystemPrompts, out var example, out var tokens, out var reason);

            Assert.Equal(expected ? DocumentMapResult.Mapped : DocumentMapResult.Skipped, result);
            Assert.Equal(expectedReason, reason);
            if (expected)
            {
                Assert.Equal(reference!.MessagesJson, example!.MessagesJson);
                Assert.Equal(reference.ToolsJson, example.ToolsJson);
                Assert.Equal(reference.ToolCallsJson, example.ToolCallsJson);
                Assert.Equal(Encoding.UTF8.GetBytes(reference.MessagesJson), example.MessagesJsonUtf8.ToArray());
                Assert.Equal(Utf8(reference.ToolsJson), example.ToolsJsonUtf8?.ToArray());
                Assert.Equal(Utf8(reference.ToolCallsJson), example.ToolCallsJsonUtf8?.ToArray());
                Assert.Equal(reference.Model, example.Model);
                Assert.Equal(reference.Timestamp, example.Timestamp);
                Assert.Equal(reference.Tags, example.Tags);
                Assert.Equal(TokenEstimate.Of((JsonArray)JsonNode.Parse(reference.MessagesJson)!), tokens);
            }
        }
    }

    [Fact]
    public void Map_InvalidToolArgumentsFlag_WinsOverUnparseableMessages()
    {
        var row = Row("not json", null, null, "stop") with { ToolArgumentsValid = false };

        var result = new DocumentRowMapper().Map(row, true, out _, out _, out var reason);

        Assert.Equal(DocumentMapResult.Skipped, result);
        Assert.Equal(SkipReasons.InvalidToolArguments, reason);
    }

    [Theory]
    [InlineData("""[{"role":"user","content":"a","content":"b"},{"role":"assistant","content":"x"}]""")]
    [InlineData("""[{"role":"user","content":"a"},{"role":"assistant","content":"x","role":"assistant"}]""")]
    [InlineData("""[{"role":"user","content":[{"type":"text","text":"a","text":"b"}]},{"role":"assistant","content":"x"}]""")]
    [InlineData("""[{"role":"user","content":"a"},{"role":7,"content":"x"}]""")]
    [InlineData("""[{"role":"user","content":"a"},{"role":"assistant","content":null,"tool_calls":["call"]}]""")]
    [InlineData("""[{"role":"user","content":"a"},{"role":"assistant","content":null,"tool_calls":[{"function":"f"}]}]""")]
    public void Map_ShapeTheNodePathReadsDifferently_IsLeftUndecided(string messages)
    {
        var row = Row(messages, null, null, "tool_calls");

        var result = new DocumentRowMapper().Map(row, includeSystemPrompts: true, out var example, out _, out _);

        Assert.Equal(DocumentMapResult.Undecided, result);
        Assert.Null(example);
    }

    [Fact]
    public void Map_InvalidUtf8_IsLeftToTheNodePathWhichReadsItAsAStringReaderDoes()
    {
        // Bytes a hand-made UPDATE can leave: a lone continuation byte and a truncated sequence.
        var prefix = """[{"role":"user","content":"caf"""u8.ToArray();
        var bad = prefix.Concat(new byte[] { 0xC3, 0x28, 0x80 }).Concat("""!"},{"role":"assistant","content":"ok"}]"""u8.ToArray()).ToArray();
        var row = Row("[]", null, null, "stop") with { Messages = new StoredText(bad) };

        var fast = new DocumentRowMapper().Map(row, true, out var fastExample, out _, out _);
        var mapped = TrainingExampleMapper.TryMap(new DocumentRowMapper(), row, true, out var example, out _, out _);

        Assert.Equal(DocumentMapResult.Undecided, fast);
        Assert.Null(fastExample);
        Assert.True(mapped);
        Assert.Equal("[{\"role\":\"user\",\"content\":\"caf\uFFFD(\uFFFD!\"},{\"role\":\"assistant\",\"content\":\"ok\"}]", example!.MessagesJson);
        Assert.True(System.Text.Unicode.Utf8.IsValid(example.MessagesJsonUtf8.Span));
    }

    [Fact]
    public void TryMap_UndecidedRow_IsMappedByTheNodePath()
    {
        // A reasoning column with a lone surrogate: the writer refuses it, the node path escapes it.
        var row = Row("""[{"role":"user","content":"a"},{"role":"assistant","content":"x"}]""", null, "half \ud800", "stop");

        var fast = new DocumentRowMapper().Map(row, true, out _, out _, out _);
        var mapped = TrainingExampleMapper.TryMap(new DocumentRowMapper(), row, true, out var example, out var tokens, out _);

        Assert.Equal(DocumentMapResult.Undecided, fast);
        Assert.True(mapped);
        Assert.Equal("""[{"role":"user","content":"a"},{"role":"assistant","content":"x","reasoning_content":"half \uFFFD"}]""", example!.MessagesJson);
        Assert.Null(tokens);
    }

    [Fact]
    public void TryMap_RoleThatIsNotAString_IsSkippedAsMalformed()
    {
        var row = Row("""[{"role":1,"content":"a"},{"role":"assistant","content":"x"}]""", null, null, "stop");

        var mapped = TrainingExampleMapper.TryMap(new DocumentRowMapper(), row, true, out var example, out _, out var reason);

        Assert.False(mapped);
        Assert.Null(example);
        Assert.Equal(SkipReasons.MalformedMessages, reason);
    }

    [Fact]
    public void Map_ReusedMapper_KeepsNothingFromTheRowBefore()
    {
        var mapper = new DocumentRowMapper();
        var first = Row($$"""[{"role":"user","content":"Weather?"},{"role":"assistant","content":null,"tool_calls":{{Calls}}}]""", "[{\"type\":\"function\"}]", null, "tool_calls");
        var second = Row("""[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]""", null, null, "stop");

        mapper.Map(first, true, out _, out var firstTokens, out _);
        mapper.Map(second, true, out var example, out var tokens, out _);

        Assert.Equal("""[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]""", example!.MessagesJson);
        Assert.Null(example.ToolsJson);
        Assert.Null(example.ToolCallsJson);
        Assert.Equal(((2 + 5 + 3) / 4) + (2 * TokenEstimate.PerMessage), tokens);
        Assert.NotEqual(firstTokens, tokens);
    }

    private static byte[]? Utf8(string? text) => text is null ? null : Encoding.UTF8.GetBytes(text);

    private static ExportRow Row(string messages, string? tools, string? reasoning, string? finishReason) =>
        new(
            42,
            new DateTime(2026, 3, 4, 5, 6, 7, 891),
            Model: null,
            ResponseModel: "model-y",
            StoredText.From(messages),
            StoredText.From(tools),
            finishReason,
            ToolArgumentsValid: true,
            reasoning,
            Tags: ",a,b,");
}
