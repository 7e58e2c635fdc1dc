using System.Security.Cryptography;
using System.Text;

namespace LlmIntercept.Proxy.Capture;

/// <summary>
/// Hashes API keys with HMAC-SHA256 under the installation's secret, so requests can be grouped by key while
/// the key itself is never stored; without the secret the hash cannot be checked against guessed keys.
/// </summary>
internal sealed class ApiKeyHasher(byte[] secret)
{
    public string? Hash(string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            return null;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(apiKey), mac);
        return "hmac-sha256:" + Convert.ToHexStringLower(mac[..16]);
    }
}
