using System.Security.Cryptography;
using System.Text;
using LlmIntercept.Dashboard.Hosting;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Dashboard.SignIn;

/// <summary>Checks a candidate against <c>ADMIN_PASSWORD</c> without leaking its length or content through timing.</summary>
internal sealed class AdminPassword(IOptions<DashboardOptions> options)
{
    private static readonly byte[] StampLabel = "llm-intercept-dashboard-session"u8.ToArray();

    private byte[] Expected => SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.AdminPassword ?? ""));

    public bool Matches(string? candidate)
    {
        if (string.IsNullOrEmpty(options.Value.AdminPassword))
        {
            return false;
        }

        // Hashing first gives two buffers of equal length, so the comparison's time says nothing about the password.
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(candidate ?? ""));
        return CryptographicOperations.FixedTimeEquals(given, Expected);
    }

    /// <summary>
    /// A value derived from the password and stored in each session, so that changing <c>ADMIN_PASSWORD</c> ends
    /// every session signed in with the old one.
    /// </summary>
    public string Stamp()
    {
        var key = Encoding.UTF8.GetBytes(options.Value.AdminPassword ?? "");
        return Convert.ToBase64String(HMACSHA256.HashData(key, StampLabel), 0, 16);
    }
}
