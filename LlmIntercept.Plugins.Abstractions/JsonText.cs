using System.Text;

namespace LlmIntercept.Plugins;

/// <summary>
/// A JSON value held as text or as UTF-8, whichever it was made from; the other form is made on first use and kept.
/// The store hands over UTF-8 and most exporters write UTF-8, so the text form is made only for those that need it.
/// Equal when the JSON is the same sequence of characters.
/// </summary>
internal sealed class JsonText : IEquatable<JsonText>
{
    private string? text;
    private ReadOnlyMemory<byte>? utf8;

    private JsonText(string? text, ReadOnlyMemory<byte>? utf8)
    {
        this.text = text;
        this.utf8 = utf8;
    }

    public string Text => text ??= Encoding.UTF8.GetString(utf8!.Value.Span);

    public ReadOnlyMemory<byte> Utf8 => utf8 ??= Encoding.UTF8.GetBytes(text!);

    public static JsonText? FromText(string? value) => value is null ? null : new JsonText(value, null);

    /// <summary>
    /// The value, or null when there is none: a null array converts to empty memory on its way here, and no JSON
    /// value is empty, so empty means none.
    /// </summary>
    public static JsonText? FromUtf8(ReadOnlyMemory<byte>? value) =>
        value is { IsEmpty: false } bytes ? new JsonText(null, bytes) : null;

    public bool Equals(JsonText? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (text is not null && other.text is not null
                ? text == other.text
                : Utf8.Span.SequenceEqual(other.Utf8.Span)));

    public override bool Equals(object? obj) => Equals(obj as JsonText);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Text;
}
