namespace LlmIntercept.Plugins.Hosting;

/// <summary>Values of the <c>split</c> column.</summary>
public static class TrainingSplits
{
    public const string Train = "train";
    public const string Validation = "validation";
}
