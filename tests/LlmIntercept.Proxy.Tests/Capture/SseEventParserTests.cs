using System.Text;
using LlmIntercept.Proxy.Capture;

namespace LlmIntercept.Proxy.Tests.Capture;

public sealed class SseEventParserTests
{
    [Fact]
    public void Feed_CommentOnlyBlocks_DispatchNothingAndAreCounted()
    {
        var (events, parser) = Parse(": ping\n\n: ping - 2024\n\n");

        Assert.Empty(events);
        Assert.Equal(2, parser.CommentCount);
    }

    [Fact]
    public void Feed_MultipleDataLines_AreJoinedWithNewline()
    {
        var (events, _) = Parse("event: update\ndata: first\ndata:second\nid: 7\n\n");

        var single = Assert.Single(events);
        Assert.Equal("update", single.Type);
        Assert.Equal("first\nsecond", single.Data);
    }

    [Fact]
    public void Feed_OnlyOneLeadingSpaceIsRemoved()
    {
        var (events, _) = Parse("data:  two spaces\n\n");

        Assert.Equal(" two spaces", Assert.Single(events).Data);
    }

    [Fact]
    public void Complete_PendingEventWithoutBlankLine_IsDispatched()
    {
        var (events, _) = Parse("data: {\"a\":1}\n\ndata: last");

        Assert.Equal(["{\"a\":1}", "last"], events.Select(e => e.Data));
    }

    [Fact]
    public void Feed_CrThenLfInNextRead_IsOneLineEnd()
    {
        var events = new List<string>();
        var parser = new SseEventParser(e => events.Add(Encoding.UTF8.GetString(e.Data.Span)));
        parser.Feed("data: a\r"u8);
        parser.Feed("\n\r"u8);
        parser.Feed("\ndata: b\r\r"u8);
        parser.Complete();

        Assert.Equal(["a", "b"], events);
    }

    [Fact]
    public void Feed_FieldWithoutColon_IsAFieldWithEmptyValue()
    {
        var (events, _) = Parse("data\n\n");

        Assert.Equal("", Assert.Single(events).Data);
    }

    private static (List<(string? Type, string Data)> Events, SseEventParser Parser) Parse(string text)
    {
        var events = new List<(string? Type, string Data)>();
        var parser = new SseEventParser(e => events.Add((e.EventType, Encoding.UTF8.GetString(e.Data.Span))));
        parser.Feed(Encoding.UTF8.GetBytes(text));
        parser.Complete();
        return (events, parser);
    }
}
