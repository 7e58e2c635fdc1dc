using Parquet.Schema;

namespace LlmIntercept.Export.Parquet;

/// <summary>
/// The file's columns. JSON values stay JSON text (Parquet readers such as DuckDB parse them on demand); the
/// timestamp is a UTC instant in milliseconds. Parquet.Net 6.1 writes a microsecond column's row-group statistics
/// in milliseconds, so readers that prune row groups by statistics (DuckDB's ORDER BY ... LIMIT, a WHERE on
/// time in Spark or Polars) would skip rows; a millisecond column gets statistics that agree with its values.
/// </summary>
internal static class TrainingRowSchema
{
    public static readonly DataField<string> Messages = new("messages", nullable: false);

    public static readonly DataField<string> Model = new("model", nullable: true);

    public static readonly DateTimeDataField Timestamp =
        new("timestamp", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: false);

    public static readonly DataField<string> ToolCalls = new("tool_calls", nullable: true);

    public static readonly DataField<string> Tools = new("tools", nullable: true);

    /// <summary><c>train</c> or <c>validation</c>; present only when the export splits by a column.</summary>
    public static readonly DataField<string> Split = new("split", nullable: true);

    /// <summary>The row in the chosen training flavour as JSON; present only when a flavour was chosen.</summary>
    public static readonly DataField<string> Record = new("record", nullable: true);

    public static readonly ParquetSchema Schema = new(Messages, Model, Timestamp, ToolCalls, Tools);

    /// <summary>The base columns, then <c>split</c> and <c>record</c> when the export carries them.</summary>
    public static ParquetSchema For(bool includesSplit, bool includesRecord)
    {
        var fields = new List<Field> { Messages, Model, Timestamp, ToolCalls, Tools };
        if (includesSplit)
        {
            fields.Add(Split);
        }

        if (includesRecord)
        {
            fields.Add(Record);
        }

        return new ParquetSchema(fields);
    }
}
