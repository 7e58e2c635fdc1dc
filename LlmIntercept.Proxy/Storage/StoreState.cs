namespace LlmIntercept.Proxy.Storage;

/// <summary>Whether the last attempt to reach the store worked, for <c>/health</c>.</summary>
internal sealed class StoreState(TimeProvider time)
{
    private volatile Snapshot _current = new(null, null, null);

    public Snapshot Current => _current;

    public void ReportSuccess() => _current = _current with { LastSuccess = time.GetUtcNow(), LastError = null };

    public void ReportFailure(Exception exception) =>
        _current = _current with { LastFailure = time.GetUtcNow(), LastError = exception.GetBaseException().Message };

    internal sealed record Snapshot(DateTimeOffset? LastSuccess, DateTimeOffset? LastFailure, string? LastError)
    {
        public bool Writable => LastError is null;
    }
}
