namespace LlmIntercept.Proxy.Capture;

/// <summary>Why a call did not get a normal answer through to the end, as seen by the forwarder.</summary>
internal enum TransportFailure
{
    None,

    /// <summary>No connection to the upstream (refused, DNS, TLS): the client got a 502.</summary>
    UpstreamUnreachable,

    /// <summary>The upstream sent no response headers in time: the client got a 504.</summary>
    UpstreamTimeout,

    /// <summary>The upstream's connection broke after its headers.</summary>
    UpstreamReset,

    /// <summary>The upstream sent nothing for longer than the idle limit in the middle of a response.</summary>
    UpstreamStalled,

    /// <summary>The client went away before the response was complete.</summary>
    ClientAborted,
}

/// <summary>
/// Everything the forwarder saw of one call, handed to <see cref="RecordBuilder"/> once the client has its
/// answer. Holds the raw request and a copy of the response bytes; parsing happens later, off the relay path.
/// </summary>
internal sealed class CapturedExchange : IDisposable
{
    public required DateTimeOffset Timestamp { get; init; }

    public required ReadOnlyMemory<byte> RequestBody { get; init; }

    /// <summary>The credential the client sent (Bearer token or api-key); hashed before storage, never logged.</summary>
    public string? ApiKey { get; init; }

    public string? UpstreamUrl { get; init; }

    public string? Tags { get; init; }

    public string? SessionId { get; init; }

    public int? StatusCode { get; set; }

    public IReadOnlyList<KeyValuePair<string, string>>? ResponseHeaders { get; set; }

    public bool IsEventStream { get; set; }

    public CaptureBuffer Body { get; } = new();

    public TimeSpan? TimeToFirstByte { get; set; }

    public TimeSpan Elapsed { get; set; }

    public TransportFailure Failure { get; set; }

    /// <summary>The status the proxy itself answered with when the upstream could not (502, 504).</summary>
    public int? ProxyStatusCode { get; set; }

    public string? FailureMessage { get; set; }

    public void Dispose() => Body.Dispose();
}
