using System.Text.Json.Nodes;
using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Plugins.Tests.Infrastructure;

namespace LlmIntercept.Plugins.Tests.Curation;

/// <summary>Every kind of personal data, in message text and in tool-call arguments, replaced and counted.</summary>
public sealed class RedactionExportTests
{
    private const string Jwt =
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    private static readonly string UserText =
        "Mail alice.smith+work@example.co.uk or call +44 20 7946 0958 / (555) 123-4567. "
        + "Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00 and GB82WEST12345698765432. "
        + "Key sk-proj-abcdefghijklmnopqrstuvwxyz123456, token ghp_abcdefghijklmnopqrstuvwxyz0123456789, "
        + "AWS AKIAIOSFODNN7EXAMPLE, header Bearer " + Jwt + ". "
        + "Server 203.0.113.7 and 2001:db8::8a2e:370:7334.";

    private const string ExpectedUserText =
        "Mail <EMAIL> or call <PHONE> / <PHONE>. "
        + "Card <CREDIT_CARD>, IBAN <IBAN> and <IBAN>. "
        + "Key <API_KEY>, token <API_KEY>, "
        + "AWS <API_KEY>, header Bearer <API_KEY>. "
        + "Server <IP_ADDRESS> and <IP_ADDRESS>.";

    // Look-alikes that fail their checks stay as they are: a card number failing Luhn, an IBAN failing mod-97,
    // a time of day, a version number with three parts, a date, a millisecond timestamp that passes Luhn but has
    // no card network's prefix, a Haskell type signature and the loopback address.
    private const string LookAlikes =
        "Order 4111 1111 1111 1112, account DE00 3704 0044 0532 0130 00, at 12:30:45, v1.2.3, on 2026-01-02, "
        + "at 1733280000006 ms, f :: Int -> Int, host ::1.";

    [Fact]
    public async Task Export_Redact_ReplacesEveryKindInTextAndToolArgumentsAndCountsThem()
    {
        await using var store = await TestStore.CreateAsync();
        var arguments = Requests.Json(
            """{"to":"bob@example.org","card":"5555555555554444","note":"ring +1 415 555 0100","hosts":["10.1.2.3","fe80::1"],"iban":"FR1420041010050500013M02606","key":"sk-ant-abcdefghijklmnopqrstuvwxyz"}""");
        var calls = $$$"""[{"id":"call_1","type":"function","function":{"name":"send","arguments":{{{arguments}}}}}]""";
        var messages = $$"""[{"role":"user","content":{{Requests.Json(UserText)}}},{"role":"user","content":[{"type":"text","text":"me: carol@example.com"}]},{"role":"user","content":{{Requests.Json(LookAlikes)}}},{"role":"assistant","content":null,"tool_calls":{{calls}}}]""";
        await store.InsertAsync([Requests.Complete(messages, "tool_calls", toolCalls: calls)]);

        var (path, summary) = await StoreExport.ToFileAsync(store, "jsonl.zst", curation: new CurationOptions { Redact = true });

        var line = JsonNode.Parse(Assert.Single(await ZstdTool.ReadLinesAsync(path)))!;
        var written = line["messages"]!.AsArray();
        Assert.Equal(ExpectedUserText, (string?)written[0]!["content"]);
        Assert.Equal("me: <EMAIL>", (string?)written[1]!["content"]![0]!["text"]);
        Assert.Equal(LookAlikes, (string?)written[2]!["content"]);

        var expectedArguments = """{"to":"<EMAIL>","card":"<CREDIT_CARD>","note":"ring <PHONE>","hosts":["<IP_ADDRESS>","<IP_ADDRESS>"],"iban":"<IBAN>","key":"<API_KEY>"}""";
        Assert.Equal(expectedArguments, (string?)written[3]!["tool_calls"]![0]!["function"]!["arguments"]);
        Assert.Equal(expectedArguments, (string?)line["tool_calls"]![0]!["function"]!["arguments"]);

        var expectedCounts = new Dictionary<string, long>
        {
            [PiiKinds.Email] = 3,
            [PiiKinds.Phone] = 3,
            [PiiKinds.CreditCard] = 2,
            [PiiKinds.Iban] = 3,
            [PiiKinds.ApiKey] = 5,
            [PiiKinds.IpAddress] = 4,
        };
        Assert.Equal(expectedCounts.OrderBy(p => p.Key), summary.Redactions.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Export_WithoutRedact_LeavesTextAlone()
    {
        await using var store = await TestStore.CreateAsync();
        await store.InsertAsync([Requests.Complete(Requests.Turn(UserText, "ok"))]);

        var (path, summary) = await StoreExport.ToFileAsync(store, "jsonl.zst");

        var line = JsonNode.Parse(Assert.Single(await ZstdTool.ReadLinesAsync(path)))!;
        Assert.Equal(UserText, (string?)line["messages"]![0]!["content"]);
        Assert.Empty(summary.Redactions);
    }
}
