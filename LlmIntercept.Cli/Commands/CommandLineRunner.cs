using System.CommandLine;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Cli.Commands;

/// <summary>
/// Runs the command line, turning every parse error, and every configuration value the services refuse, into one
/// line on stderr and exit code 2.
/// </summary>
internal static class CommandLineRunner
{
    public const int UsageError = 2;

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync(
                $"llm-intercept: {parseResult.Errors[0].Message} (see 'llm-intercept --help')");
            return UsageError;
        }

        try
        {
            return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliUsageException exception)
        {
            await Console.Error.WriteLineAsync($"llm-intercept: {exception.Message}");
            return UsageError;
        }
        catch (OptionsValidationException exception)
        {
            await Console.Error.WriteLineAsync($"llm-intercept: {string.Join("; ", exception.Failures)}");
            return UsageError;
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(e => e is OptionsValidationException))
        {
            var failures = exception.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures);
            await Console.Error.WriteLineAsync($"llm-intercept: {string.Join("; ", failures)}");
            return UsageError;
        }
    }
}

/// <summary>A mistake in what the user typed; its message is shown as one line.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
