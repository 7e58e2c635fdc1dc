namespace LlmIntercept.Store.Queries;

/// <summary>
/// What a person or a script narrows the stored requests to. Every field is optional; set fields combine with
/// AND. Shared by the dashboard's queries, its export and the command-line export.
/// </summary>
public sealed record RequestFilter
{
    /// <summary>Inclusive lower bound on <see cref="LlmRequest.Timestamp"/> (UTC).</summary>
    public DateTime? From { get; init; }

    /// <summary>Exclusive upper bound on <see cref="LlmRequest.Timestamp"/> (UTC).</summary>
    public DateTime? To { get; init; }

    /// <summary>Exact model names; any of them matches.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>Words to find in message text (full-text search; any input is safe).</summary>
    public string? Search { get; init; }

    /// <summary><c>ok</c> or <c>error</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Outcomes; any of them matches.</summary>
    public IReadOnlyList<string>? Outcomes { get; init; }

    public bool? Stream { get; init; }

    public bool? HasToolCalls { get; init; }

    /// <summary>Tags; a request matches when it carries every one of them.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    public bool? Starred { get; init; }

    public bool? Excluded { get; init; }
}
