using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration.UserSecrets;

namespace LlmIntercept.AppHost.Orchestration;

/// <summary>
/// The AppHost's user secrets file, read and written with flat keys as <c>dotnet user-secrets set</c> writes
/// them; whatever else the file holds is kept.
/// </summary>
internal sealed class UserSecretsFile(string path)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Path { get; } = path;

    public static UserSecretsFile? Open(Assembly assembly) =>
        assembly.GetCustomAttribute<UserSecretsIdAttribute>() is { } id
            ? new UserSecretsFile(PathHelper.GetSecretsPathFromSecretsId(id.UserSecretsId))
            : null;

    public string? Read(string key) =>
        Load()[key] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    public void Write(string key, string value)
    {
        var secrets = Load();
        secrets[key] = value;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.WriteAllText(Path, secrets.ToJsonString(Indented));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private JsonObject Load() =>
        File.Exists(Path) && JsonNode.Parse(File.ReadAllText(Path)) is JsonObject secrets ? secrets : [];
}
