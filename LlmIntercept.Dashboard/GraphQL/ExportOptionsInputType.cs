using GraphQL.Types;
using LlmIntercept.Dashboard.Export;

namespace LlmIntercept.Dashboard.GraphQL;

internal sealed class ExportOptionsInputType : InputObjectGraphType<ExportOptionsInput>
{
    public ExportOptionsInputType()
    {
        Name = "ExportOptionsInput";
        Field(x => x.Dedup, nullable: true).Description("Leave out repeated conversations (same messages and reply).");
        Field(x => x.DedupPrompts, nullable: true).Description("One row per prompt, the latest reply; rows newest first.");
        Field(x => x.ValidationRatio, nullable: true).Description("0 < ratio < 1: adds a split column (train/validation).");
        Field(x => x.Redact, nullable: true).Description("Replace personal data with <EMAIL>, <PHONE> ... placeholders.");
        Field(x => x.Flavour, nullable: true).Description("none, openai, trl or sharegpt.");
        Field(x => x.MinTokens, nullable: true).Description("Minimum estimated tokens.");
        Field(x => x.MaxTokens, nullable: true).Description("Maximum estimated tokens.");
    }
}
