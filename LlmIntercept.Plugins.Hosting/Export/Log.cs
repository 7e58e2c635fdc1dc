using Microsoft.Extensions.Logging;

namespace LlmIntercept.Plugins.Hosting.Export;

internal static partial class Log
{
    [LoggerMessage(EventId = 4101, EventName = "DatasetExported", Level = LogLevel.Information,
        Message = "Exported {Format}: {RowsRead} rows read, {RowsWritten} written, {RowsSkipped} skipped")]
    public static partial void Exported(ILogger logger, string format, long rowsRead, long rowsWritten, long rowsSkipped);
}
