using LlmIntercept.Store;
using LlmIntercept.Store.Curation;
using LlmIntercept.Store.Queries;

namespace LlmIntercept.Dashboard.Requests;

/// <summary>
/// The filter as the API receives it (GraphQL <c>RequestFilterInput</c> and the export body's <c>filter</c>),
/// checked and turned into the store's <see cref="RequestFilter"/>.
/// </summary>
internal sealed class RequestFilterInput
{
    public DateTime? From { get; set; }

    public DateTime? To { get; set; }

    public List<string>? Models { get; set; }

    public string? Search { get; set; }

    public string? Status { get; set; }

    public List<string>? Outcomes { get; set; }

    public bool? Stream { get; set; }

    public bool? HasToolCalls { get; set; }

    public List<string>? Tags { get; set; }

    public bool? Starred { get; set; }

    public bool? Excluded { get; set; }

    /// <summary>The store's filter, or an error message that names the offending field.</summary>
    public static bool TryConvert(RequestFilterInput? input, out RequestFilter filter, out string error)
    {
        filter = new RequestFilter();
        error = "";
        if (input is null)
        {
            return true;
        }

        if (input.Status is not (null or RequestStatus.Ok or RequestStatus.Error))
        {
            error = $"filter.status must be \"{RequestStatus.Ok}\" or \"{RequestStatus.Error}\", not \"{input.Status}\".";
            return false;
        }

        var unknown = input.Outcomes?.FirstOrDefault(outcome => !RequestOutcome.All.Contains(outcome));
        if (unknown is not null)
        {
            error = $"filter.outcomes: unknown outcome \"{unknown}\"; known: {string.Join(", ", RequestOutcome.All)}.";
            return false;
        }

        if (ToUtc(input.From) is { } from && ToUtc(input.To) is { } to && to <= from)
        {
            error = $"filter.to ({to:yyyy-MM-ddTHH:mm:ss.FFFFFFFZ}) must be later than filter.from ({from:yyyy-MM-ddTHH:mm:ss.FFFFFFFZ}).";
            return false;
        }

        var tags = new List<string>();
        foreach (var tag in input.Tags ?? [])
        {
            if (TagNames.Normalize(tag) is not { } normalized)
            {
                error = $"filter.tags: \"{tag}\" is not a tag (1 to {TagNames.MaxLength} characters, no commas).";
                return false;
            }

            tags.Add(normalized);
        }

        filter = new RequestFilter
        {
            From = ToUtc(input.From),
            To = ToUtc(input.To),
            Models = input.Models,
            Search = input.Search,
            Status = input.Status,
            Outcomes = input.Outcomes,
            Stream = input.Stream,
            HasToolCalls = input.HasToolCalls,
            Tags = tags.Count == 0 ? null : tags,
            Starred = input.Starred,
            Excluded = input.Excluded,
        };
        return true;
    }

    // The store keeps UTC; a time without an offset is taken as UTC too.
    private static DateTime? ToUtc(DateTime? value) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Local } local => local.ToUniversalTime(),
        { } other => DateTime.SpecifyKind(other, DateTimeKind.Utc),
    };
}
