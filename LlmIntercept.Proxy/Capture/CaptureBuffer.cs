using System.Buffers;

namespace LlmIntercept.Proxy.Capture;

/// <summary>
/// The side copy of a response body: a pooled, growing byte buffer with a cap. Past the cap the client still
/// receives every byte; the capture stops and says so.
/// </summary>
internal sealed class CaptureBuffer : IDisposable
{
    private byte[] _buffer = [];
    private int _length;

    /// <summary>The most bytes kept; set by the forwarder from its options.</summary>
    public int Limit { get; set; } = 64 * 1024 * 1024;

    public bool Truncated { get; private set; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    public int Length => _length;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (Truncated)
        {
            return;
        }

        var room = Limit - _length;
        if (bytes.Length > room)
        {
            bytes = bytes[..room];
            Truncated = true;
        }

        EnsureCapacity(_length + bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length)
        {
            return;
        }

        var next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(4096, _buffer.Length * 2)));
        _buffer.AsSpan(0, _length).CopyTo(next);
        Return();
        _buffer = next;
    }

    private void Return()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }

    public void Dispose()
    {
        Return();
        _buffer = [];
        _length = 0;
    }
}
