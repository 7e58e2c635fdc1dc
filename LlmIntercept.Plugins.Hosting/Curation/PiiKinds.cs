namespace LlmIntercept.Plugins.Hosting;

/// <summary>The kinds of personal data redaction replaces; each is also its placeholder's name (<c>&lt;EMAIL&gt;</c>).</summary>
public static class PiiKinds
{
    public const string Email = "EMAIL";
    public const string Phone = "PHONE";
    public const string CreditCard = "CREDIT_CARD";
    public const string Iban = "IBAN";
    public const string ApiKey = "API_KEY";
    public const string IpAddress = "IP_ADDRESS";

    public static IReadOnlyList<string> All { get; } = [ApiKey, Email, Iban, CreditCard, IpAddress, Phone];

    public static string Placeholder(string kind) => "<" + kind + ">";
}
