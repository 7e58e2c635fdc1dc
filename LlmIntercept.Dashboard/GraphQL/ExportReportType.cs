using GraphQL.Types;
using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Store.Curation;

namespace LlmIntercept.Dashboard.GraphQL;

/// <summary>A name and how many: skip reasons, redaction kinds, models, tags.</summary>
internal sealed record NamedCount(string Name, long Count)
{
    public static IEnumerable<NamedCount> From(IReadOnlyDictionary<string, long> counts) =>
        counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new NamedCount(p.Key, p.Value));
}

internal sealed class NamedCountType : ObjectGraphType<NamedCount>
{
    public NamedCountType()
    {
        Name = "NamedCount";
        Field(x => x.Name);
        Field(x => x.Count, type: typeof(NonNullGraphType<LongGraphType>));
    }
}

internal sealed class ExportReportType : ObjectGraphType<ExportSummary>
{
    public ExportReportType()
    {
        Name = "ExportReport";
        Description = "The quality report of an export.";
        Field(x => x.RowsRead, type: typeof(NonNullGraphType<LongGraphType>));
        Field(x => x.RowsWritten, type: typeof(NonNullGraphType<LongGraphType>));
        Counts("skipped", s => s.Skipped, "Rows left out, by reason.");
        Field(x => x.DuplicatesRemoved, type: typeof(NonNullGraphType<LongGraphType>));
        Counts("redactions", s => s.Redactions, "Items replaced, by kind (EMAIL, PHONE, CREDIT_CARD, IBAN, API_KEY, IP_ADDRESS).");
        Field(x => x.TokenLengths, type: typeof(NonNullGraphType<TokenLengthsType>));
        Counts("rowsPerModel", s => s.RowsPerModel, "Rows written per model.");
        Counts("rowsPerTag", s => s.RowsPerTag, "Rows written per tag.");
        Field(x => x.TrainRows, type: typeof(LongGraphType));
        Field(x => x.ValidationRows, type: typeof(LongGraphType));
    }

    private void Counts(string name, Func<ExportSummary, IReadOnlyDictionary<string, long>> read, string description) =>
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NamedCountType>>>, IEnumerable<NamedCount>>(name)
            .Description(description)
            .Resolve(c => NamedCount.From(read(c.Source)));
}

internal sealed class TokenLengthsType : ObjectGraphType<TokenLengths>
{
    public TokenLengthsType()
    {
        Name = "TokenLengths";
        Description = "Estimated tokens (characters / 4 + 4 per message) of the rows written.";
        Field(x => x.Count, type: typeof(NonNullGraphType<LongGraphType>));
        Field(x => x.Min);
        Field(x => x.Max);
        Field(x => x.Mean);
        Field(x => x.Buckets, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<TokenBucketType>>>));
    }
}

internal sealed class TokenBucketType : ObjectGraphType<TokenBucket>
{
    public TokenBucketType()
    {
        Name = "TokenBucket";
        Field(x => x.UpperTokens, nullable: true).Description("Inclusive upper bound; null for the last bucket.");
        Field(x => x.Count, type: typeof(NonNullGraphType<LongGraphType>));
    }
}

internal sealed class PruneResultType : ObjectGraphType<PruneResult>
{
    public PruneResultType()
    {
        Name = "PruneResult";
        Field(x => x.Deleted, type: typeof(NonNullGraphType<LongGraphType>));
        Field(x => x.Vacuumed).Description("Whether the SQLite file was compacted (VACUUM).");
    }
}
