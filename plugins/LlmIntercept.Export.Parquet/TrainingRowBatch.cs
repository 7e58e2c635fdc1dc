using LlmIntercept.Plugins;
using Parquet;

namespace LlmIntercept.Export.Parquet;

/// <summary>The rows of one row group, column by column, reused for every group.</summary>
internal sealed class TrainingRowBatch(int capacity, bool includesSplit = false, bool includesRecord = false)
{
    private readonly string[] messages = new string[capacity];
    private readonly string?[] models = new string?[capacity];
    private readonly DateTime[] timestamps = new DateTime[capacity];
    private readonly string?[] toolCalls = new string?[capacity];
    private readonly string?[] tools = new string?[capacity];
    private readonly string?[] splits = new string?[includesSplit ? capacity : 0];
    private readonly string?[] records = new string?[includesRecord ? capacity : 0];
    private int count;

    public bool IsFull => count == capacity;

    public void Add(TrainingExample example)
    {
        messages[count] = example.MessagesJson;
        models[count] = example.Model;
        timestamps[count] = example.Timestamp.UtcDateTime;
        toolCalls[count] = example.ToolCallsJson;
        tools[count] = example.ToolsJson;
        if (includesSplit)
        {
            splits[count] = example.Split;
        }

        if (includesRecord)
        {
            records[count] = example.RecordJson;
        }

        count++;
    }

    /// <summary>Writes the rows held as one row group, empties the batch and returns how many rows it wrote.</summary>
    public async Task<int> FlushAsync(ParquetWriter writer, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return 0;
        }

        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync(TrainingRowSchema.Messages, new ArraySegment<string>(messages, 0, count));
            await group.WriteAsync(TrainingRowSchema.Model, new ArraySegment<string?>(models, 0, count)!);
            await group.WriteAsync(
                TrainingRowSchema.Timestamp,
                new ReadOnlyMemory<DateTime>(timestamps, 0, count),
                cancellationToken: cancellationToken);
            await group.WriteAsync(TrainingRowSchema.ToolCalls, new ArraySegment<string?>(toolCalls, 0, count)!);
            await group.WriteAsync(TrainingRowSchema.Tools, new ArraySegment<string?>(tools, 0, count)!);
            if (includesSplit)
            {
                await group.WriteAsync(TrainingRowSchema.Split, new ArraySegment<string?>(splits, 0, count)!);
            }

            if (includesRecord)
            {
                await group.WriteAsync(TrainingRowSchema.Record, new ArraySegment<string?>(records, 0, count)!);
            }

            group.CompleteValidate();
        }

        var flushed = count;
        Array.Clear(messages, 0, count);
        Array.Clear(models, 0, count);
        Array.Clear(toolCalls, 0, count);
        Array.Clear(tools, 0, count);
        Array.Clear(splits);
        Array.Clear(records);
        count = 0;
        return flushed;
    }
}
