using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmIntercept.Dashboard.Tests.Infrastructure;
using ZstdSharp;

namespace LlmIntercept.Dashboard.Tests.Review;

/// <summary>The quality report through GraphQL: as a preview, and for a finished download by its id.</summary>
public sealed class ExportReportTests
{
    private const string ReportFields = """
        rowsRead rowsWritten duplicatesRemoved trainRows validationRows
        skipped { name count } redactions { name count } rowsPerModel { name count } rowsPerTag { name count }
        tokenLengths { count min max mean buckets { upperTokens count } }
        """;

    [Fact]
    public async Task ExportPreview_KnownStore_ReportsEveryCount()
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = await host.NewClient().SignedInAsync();
        await ReviewMutationTests.MutateAsync(client, "mutation { setExcluded(ids: [10], excluded: true) }", null, "setExcluded");

        var report = (await client.GraphQLAsync(
            $$"""query { exportPreview(options: { dedup: true, redact: true }) { {{ReportFields}} } }""")).Ok().GetProperty("exportPreview");

        Assert.Equal(10, report.GetProperty("rowsRead").GetInt64());
        Assert.Equal(5, report.GetProperty("rowsWritten").GetInt64());
        Assert.Equal(
            new Dictionary<string, long> { ["not_complete"] = 3, ["refusal"] = 1, ["excluded"] = 1 },
            Counts(report, "skipped"));
        Assert.Equal(new Dictionary<string, long> { ["gpt-4o"] = 4, ["gpt-4o-mini"] = 1 }, Counts(report, "rowsPerModel"));
        Assert.Equal(new Dictionary<string, long> { ["support"] = 3, ["v2"] = 2, ["tools"] = 1 }, Counts(report, "rowsPerTag"));
        Assert.Equal(0, report.GetProperty("duplicatesRemoved").GetInt64());
        Assert.Empty(Counts(report, "redactions"));
        Assert.Equal(JsonValueKind.Null, report.GetProperty("trainRows").ValueKind);
        Assert.Equal(5, report.GetProperty("tokenLengths").GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task ExportPreview_BadOptions_AreRejectedNamingTheField()
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = await host.NewClient().SignedInAsync();

        var answer = await client.GraphQLAsync("query { exportPreview(options: { flavour: \"alpaca\" }) { rowsRead } }");

        Assert.Contains("options.flavour", Assert.Single(answer.ErrorMessages));
    }

    [Fact]
    public async Task Download_WithOptions_ReportIsFetchedByItsId()
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = await host.NewClient().SignedInAsync();

        using var response = await client.PostJsonAsync("api/export", new
        {
            format = "jsonl.zst",
            filter = new { tags = new[] { "support" } },
            options = new { flavour = "openai", validationRatio = 0.5 },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = Assert.Single(response.Headers.GetValues("X-Export-Id"));
        var lines = await ReadLinesAsync(response);

        var report = (await client.GraphQLAsync(
            $$"""query($id: String!) { exportReport(id: $id) { {{ReportFields}} } }""", new { id })).Ok().GetProperty("exportReport");
        Assert.Equal(3, lines.Count);
        Assert.Equal(3, report.GetProperty("rowsWritten").GetInt64());
        Assert.Equal(3, report.GetProperty("trainRows").GetInt64() + report.GetProperty("validationRows").GetInt64());
        Assert.Equal(
            report.GetProperty("validationRows").GetInt64(),
            lines.Count(line => (string?)line["split"] == "validation"));
        Assert.All(lines, line => Assert.Equal(["messages", "split"], line.AsObject().Select(p => p.Key)));

        var unknown = (await client.GraphQLAsync("query { exportReport(id: \"nope\") { rowsRead } }")).Ok();
        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("exportReport").ValueKind);
    }

    private static Dictionary<string, long> Counts(JsonElement report, string field) =>
        report.GetProperty(field).EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("count").GetInt64());

    private static async Task<List<JsonNode>> ReadLinesAsync(HttpResponseMessage response)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        await using var decompressed = new DecompressionStream(body);
        using var reader = new StreamReader(decompressed, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
    }
}
