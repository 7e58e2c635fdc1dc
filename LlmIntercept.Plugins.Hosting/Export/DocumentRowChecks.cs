using System.Runtime.InteropServices;
using System.Text.Json;

namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>
/// <see cref="TrainingExampleMapper"/>'s checks read off a <see cref="JsonDocument"/>, in the same order and with the
/// same outcome, for <see cref="DocumentRowMapper"/>. Where the node path would throw or read a value differently,
/// the answer is <see cref="Undecided"/>.
/// </summary>
internal static class DocumentRowChecks
{
    /// <summary>A reason no skip uses: the node path must decide the row.</summary>
    public const string Undecided = "\0undecided";

    // Objects with more names than this are checked for repeats through a set of strings.
    private const int MaxComparedNames = 16;

    /// <summary>
    /// The node path's checks in its order, up to the tools (which the mapper reads): the skip reason, "" to go on,
    /// or <see cref="Undecided"/>.
    /// </summary>
    public static string Check(ExportRow row, JsonDocument? document)
    {
        var root = document?.RootElement;
        var isMessageArray = root is { ValueKind: JsonValueKind.Array } array
            && array.EnumerateArray().All(m => m.ValueKind == JsonValueKind.Object);
        if (!row.ToolArgumentsValid)
        {
            return SkipReasons.InvalidToolArguments;
        }

        if (!isMessageArray)
        {
            return SkipReasons.UnparseableMessages;
        }

        var messages = root!.Value;
        var length = messages.GetArrayLength();
        if (length == 0)
        {
            return SkipReasons.NoAssistantReply;
        }

        var last = messages[length - 1];
        if (HasDuplicateNames(last) || !TryReadRole(last, out var role))
        {
            return Undecided;
        }

        if (role != "assistant")
        {
            return SkipReasons.NoAssistantReply;
        }

        if (last.TryGetProperty("refusal"u8, out var refusal)
            && refusal.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(refusal.GetString()))
        {
            return SkipReasons.Refusal;
        }

        return CheckCalls(row, last) ?? "";
    }

    /// <summary>The finish-reason and tool-argument checks; null when both pass.</summary>
    private static string? CheckCalls(ExportRow row, JsonElement assistant)
    {
        var functions = new List<JsonElement?>();
        if (assistant.TryGetProperty("tool_calls"u8, out var toolCalls)
            && toolCalls.ValueKind == JsonValueKind.Array
            && toolCalls.GetArrayLength() > 0)
        {
            foreach (var call in toolCalls.EnumerateArray())
            {
                switch (call.ValueKind)
                {
                    case JsonValueKind.Null:
                        functions.Add(null);
                        break;
                    case JsonValueKind.Object when !HasDuplicateNames(call):
                        functions.Add(call.TryGetProperty("function"u8, out var function)
                            && function.ValueKind != JsonValueKind.Null ? function : null);
                        break;
                    default:
                        return Undecided;
                }
            }
        }
        else if (assistant.TryGetProperty("function_call"u8, out var functionCall)
            && functionCall.ValueKind == JsonValueKind.Object)
        {
            functions.Add(functionCall);
        }

        if (row.FinishReason is not ("stop" or "tool_calls") && functions.Count == 0)
        {
            return SkipReasons.FinishReason(row.FinishReason);
        }

        foreach (var function in functions)
        {
            if (function is { } value && (value.ValueKind != JsonValueKind.Object || HasDuplicateNames(value)))
            {
                return Undecided;
            }

            if (!ArgumentsAreJson(function))
            {
                return SkipReasons.InvalidToolArguments;
            }
        }

        return null;
    }

    private static bool ArgumentsAreJson(JsonElement? function)
    {
        if (function is not { } value
            || !value.TryGetProperty("arguments"u8, out var arguments)
            || arguments.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(arguments.GetString()!);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A message's role: null when absent or JSON null; false when it is not a string (the node path throws).</summary>
    public static bool TryReadRole(JsonElement message, out string? role)
    {
        role = null;
        if (!message.TryGetProperty("role"u8, out var value))
        {
            return true;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.String:
                role = value.ValueEquals("assistant"u8) ? "assistant"
                    : value.ValueEquals("system"u8) ? "system"
                    : value.ValueEquals("developer"u8) ? "developer"
                    : value.GetString();
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Whether an object repeats a property name: the node tree refuses such an object, so only objects without
    /// repeats are decided here. Names are compared as stored unless one is escaped.
    /// </summary>
    public static bool HasDuplicateNames(JsonElement value)
    {
        var count = 0;
        foreach (var property in value.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (++count > MaxComparedNames || name.Contains((byte)'\\'))
            {
                return HasDuplicateUnescapedNames(value);
            }

            var earlier = 1;
            foreach (var other in value.EnumerateObject())
            {
                if (earlier++ == count)
                {
                    break;
                }

                if (JsonMarshal.GetRawUtf8PropertyName(other).SequenceEqual(name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool HasDuplicateUnescapedNames(JsonElement value)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (!names.Add(property.Name))
            {
                return true;
            }
        }

        return false;
    }
}
