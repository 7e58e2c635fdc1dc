using System.Text;

namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>
/// A text column as the store keeps it, UTF-8, read without making a string: the export parses and rewrites the
/// stored JSON as bytes. Equal when the bytes are.
/// </summary>
internal sealed class StoredText(byte[] utf8) : IEquatable<StoredText>
{
    public ReadOnlyMemory<byte> Utf8 { get; } = utf8;

    /// <summary>The column from a provider that reads it as a string (PostgreSQL through EF Core).</summary>
    public static StoredText? From(string? text) => text is null ? null : new StoredText(Encoding.UTF8.GetBytes(text));

    public bool Equals(StoredText? other) => other is not null && Utf8.Span.SequenceEqual(other.Utf8.Span);

    public override bool Equals(object? obj) => Equals(obj as StoredText);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(Utf8.Span);
        return hash.ToHashCode();
    }

    /// <summary>The text, decoded as the provider's string reader would (invalid bytes become U+FFFD).</summary>
    public override string ToString() => Encoding.UTF8.GetString(Utf8.Span);
}
