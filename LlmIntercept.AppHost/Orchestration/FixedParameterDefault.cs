using Aspire.Hosting.Publishing;

namespace LlmIntercept.AppHost.Orchestration;

/// <summary>
/// A default that configuration overrides. <c>AddParameter(name, "value")</c> is not that: its value is fixed and
/// <c>Parameters:{name}</c> is never read, so a user's upstream or database would be silently ignored.
/// </summary>
internal sealed class FixedParameterDefault(string value) : ParameterDefault
{
    public override string GetDefaultValue() => value;

    public override void WriteToManifest(ManifestPublishingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Writer.WriteString("value", value);
    }
}
