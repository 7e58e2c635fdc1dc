using Microsoft.Extensions.Options;

namespace LlmIntercept.Plugins.Hosting.Catalog;

/// <summary>
/// A folder the user named must exist (a typo would otherwise silently load nothing); the default folder may be
/// missing, which only means no plugins.
/// </summary>
internal sealed class PluginOptionsValidator : IValidateOptions<PluginOptions>
{
    public ValidateOptionsResult Validate(string? name, PluginOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            return ValidateOptionsResult.Success;
        }

        string full;
        try
        {
            full = Path.GetFullPath(options.Directory);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return ValidateOptionsResult.Fail($"PLUGINS_DIR: '{options.Directory}' is not a valid path");
        }

        return System.IO.Directory.Exists(full)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"PLUGINS_DIR: the folder '{full}' does not exist");
    }
}
