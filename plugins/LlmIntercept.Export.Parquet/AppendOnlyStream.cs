namespace LlmIntercept.Export.Parquet;

/// <summary>
/// Presents any writable stream (a file, an HTTP response body) to the Parquet writer, which asks for
/// <see cref="Position"/> to record column offsets: the position is the count of bytes written, so the output
/// never has to be seekable. The caller's stream is left open, and only ever written to asynchronously.
/// </summary>
internal sealed class AppendOnlyStream(Stream inner) : Stream
{
    private long position;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => position;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException("the export output is written sequentially");
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        position += count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken);
        position += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Parquet.Net flushes synchronously after every page, which an HTTP response body refuses (Kestrel disallows
    // synchronous I/O). Pages are written with async writes anyway; the exporter flushes asynchronously at the end.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
