using System.Text.Json.Nodes;

namespace LlmIntercept.Plugins.Hosting.Curation;

/// <summary>Builds one training record in the requested flavour, or says the conversation does not fit it.</summary>
internal static class TrainingFlavourWriter
{
    public static JsonObject? Write(TrainingFlavour flavour, JsonArray messages, JsonArray? tools) => flavour switch
    {
        TrainingFlavour.OpenAI => OpenAIFlavour.Write(messages, tools),
        TrainingFlavour.Trl => TrlFlavour.Write(messages, tools),
        TrainingFlavour.ShareGpt => ShareGptFlavour.Write(messages, tools),
        _ => null,
    };
}
