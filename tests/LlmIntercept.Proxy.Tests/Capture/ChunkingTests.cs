using System.Text;
using LlmIntercept.Proxy.Capture;

namespace LlmIntercept.Proxy.Tests.Capture;

/// <summary>
/// The record must not depend on how the bytes were cut into reads, nor on the line ends: every case is fed
/// whole, split at every byte boundary, one byte at a time, and with CRLF and CR line ends.
/// </summary>
public sealed class ChunkingTests
{
    public static TheoryData<string> StreamCases() =>
        ["01.sse", "01b.sse", "02.sse", "03a.sse", "03b.sse", "04.sse", "04b.sse", "06.sse",
         "08a.sse", "08b.sse", "08c.sse", "08d.sse", "08e.sse", "12a.sse", "12b.sse", "14.sse"];

    [Theory]
    [MemberData(nameof(StreamCases))]
    public void Reassembly_SplitAtEveryByte_MatchesWholeFeed(string file)
    {
        var bytes = CaseFiles.Bytes(file);
        var expected = Snapshot([bytes]);

        for (var split = 1; split < bytes.Length; split++)
        {
            Assert.Equal(expected, Snapshot([bytes[..split], bytes[split..]]));
        }

        Assert.Equal(expected, Snapshot(bytes.Select(b => new[] { b }).ToArray()));
    }

    [Theory]
    [MemberData(nameof(StreamCases))]
    public void Reassembly_CrlfAndCrLineEnds_MatchLf(string file)
    {
        var bytes = CaseFiles.Bytes(file);
        var expected = Snapshot([bytes]);

        foreach (var lineEnd in new[] { "\r\n", "\r" })
        {
            var converted = CaseFiles.WithLineEnds(bytes, lineEnd);
            Assert.Equal(expected, Snapshot([converted]));
            Assert.Equal(expected, Snapshot(converted.Select(b => new[] { b }).ToArray()));
        }
    }

    [Fact]
    public void Reassembly_MultiByteCharacterSplitAcrossReads_StaysWhole()
    {
        const string text = "Grüße, 世界 🌍";
        var sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text
            + "\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        var bytes = Encoding.UTF8.GetBytes(sse);

        for (var split = 1; split < bytes.Length; split++)
        {
            var reassembler = new StreamReassembler();
            reassembler.Feed(bytes.AsSpan(0, split));
            reassembler.Feed(bytes.AsSpan(split));
            var response = reassembler.Complete();
            Assert.Equal(text, response.FirstChoice!.Message.Content!.ToString());
        }
    }

    private static string Snapshot(byte[][] pieces)
    {
        var reassembler = new StreamReassembler();
        foreach (var piece in pieces)
        {
            reassembler.Feed(piece);
        }

        var response = reassembler.Complete();
        using var json = new PooledJson();
        response.WriteCompletion(json.Writer);
        return json.ToUtf8String()
            + $"|done={response.DoneReceived}|comments={response.KeepAliveCount}|malformed={response.MalformedEventCount}"
            + $"|filters={string.Join(",", response.PromptFilterResults ?? [])}"
            + $"|annotations={string.Join(",", response.Choices.Values.SelectMany(c => c.Annotations ?? []))}";
    }
}
