using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LlmIntercept.Plugins.Hosting.Curation;

/// <summary>
/// A conversation's identity: the first 16 bytes of SHA-256 over its compact JSON. De-duplication keeps one such
/// value per distinct conversation (16 bytes each, about 40 with the set's overhead), and the split reads its
/// first 8 bytes as a fraction, so a conversation lands in the same split whatever the store order or run.
/// </summary>
internal static class ConversationHash
{
    public static UInt128 Of(string json)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(json);
        SHA256.HashData(bytes, digest);
        return BinaryPrimitives.ReadUInt128BigEndian(digest[..16]);
    }

    /// <summary>Whether the conversation goes to validation: its hash, as a fraction of 2^64, is below the ratio.</summary>
    public static bool IsValidation(UInt128 hash, double ratio)
    {
        var high = (ulong)(hash >> 64);
        return high / 18446744073709551616.0 < ratio;
    }
}
