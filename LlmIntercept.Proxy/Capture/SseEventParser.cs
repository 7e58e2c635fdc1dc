using System.Buffers;

namespace LlmIntercept.Proxy.Capture;

/// <summary>One dispatched server-sent event: its type (null for the default) and its data as UTF-8 bytes.</summary>
internal readonly record struct SseEvent(string? EventType, ReadOnlyMemory<byte> Data);

/// <summary>
/// An incremental parser for <c>text/event-stream</c> following the WHATWG "event stream interpretation":
/// lines end in LF, CRLF or CR (a CR at the end of one read and the LF at the start of the next are one line
/// end); a single space after the colon is dropped; comment lines count as keep-alives; a block without data
/// dispatches nothing. Bytes are kept as bytes until an event is complete, so a UTF-8 character split across
/// reads stays whole.
/// </summary>
/// <remarks>
/// Unlike a browser, the parser dispatches a final event whose blank line never came when the stream ends:
/// a capture keeps what the upstream sent rather than losing the last fragment of a cut stream.
/// </remarks>
internal sealed class SseEventParser(Action<SseEvent> onEvent)
{
    private readonly ArrayBufferWriter<byte> _line = new(256);
    private readonly ArrayBufferWriter<byte> _data = new(1024);
    private string? _eventType;
    private bool _hasData;
    private bool _afterCr;

    /// <summary>How many comment lines (keep-alives such as <c>: OPENROUTER PROCESSING</c>) were seen.</summary>
    public int CommentCount { get; private set; }

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_afterCr)
            {
                _afterCr = false;
                if (bytes[0] == (byte)'\n')
                {
                    bytes = bytes[1..];
                    continue;
                }
            }

            var end = bytes.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                _line.Write(bytes);
                return;
            }

            _line.Write(bytes[..end]);
            _afterCr = bytes[end] == (byte)'\r';
            bytes = bytes[(end + 1)..];
            ProcessLine(_line.WrittenSpan);
            _line.ResetWrittenCount();
        }
    }

    /// <summary>Ends the stream: a pending line is processed and a pending event dispatched.</summary>
    public void Complete()
    {
        if (_line.WrittenCount > 0)
        {
            ProcessLine(_line.WrittenSpan);
            _line.ResetWrittenCount();
        }

        Dispatch();
    }

    private void ProcessLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            Dispatch();
            return;
        }

        if (line[0] == (byte)':')
        {
            CommentCount++;
            return;
        }

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (field.SequenceEqual("data"u8))
        {
            if (_hasData)
            {
                _data.Write("\n"u8);
            }

            _data.Write(value);
            _hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            _eventType = System.Text.Encoding.UTF8.GetString(value);
        }
    }

    private void Dispatch()
    {
        if (_hasData)
        {
            onEvent(new SseEvent(_eventType, _data.WrittenMemory));
        }

        _data.ResetWrittenCount();
        _hasData = false;
        _eventType = null;
    }
}
