using System.CommandLine;
using System.Data.Common;
using LlmIntercept.Cli.Export;
using LlmIntercept.Plugins.Hosting;

namespace LlmIntercept.Cli.Commands;

/// <summary>
/// <c>llm-intercept export</c>: writes the complete, not excluded conversations that match the filters to a dataset
/// file through an exporter plugin (<c>jsonl.zst</c>, <c>parquet</c> or any plugin in the plugins folder).
/// </summary>
internal static class ExportCommand
{
    public const int Failed = 1;
    public const int Cancelled = 130;

    public static Command Create()
    {
        var format = new Option<string>("--format")
        {
            Description = "Export format: jsonl.zst, parquet or one a plugin adds",
            Required = true,
        };
        var output = new Option<string>("--out") { Description = "File to write (replaced if it exists)", Required = true };
        var from = new Option<string?>("--from")
        {
            Description = "Only requests at or after this UTC date or time (2024-05-31 or 2024-05-31T13:45:00Z)",
        };
        var to = new Option<string?>("--to") { Description = "Only requests before this UTC date or time" };
        var models = new Option<string[]>("--model")
        {
            Description = "Only requests for this model (repeat for several)",
            DefaultValueFactory = _ => [],
        };
        var search = new Option<string?>("--search") { Description = "Only conversations containing these words" };
        var tags = new Option<string[]>("--tag")
        {
            Description = "Only requests carrying this tag (repeat: every tag must be present)",
            DefaultValueFactory = _ => [],
        };
        var starred = new Option<bool>("--starred") { Description = "Only requests starred in review" };
        var curation = new CurationFlags();
        var noSystemPrompt = new Option<bool>("--no-system-prompt")
        {
            Description = "Leave system and developer messages out of every row",
        };
        var options = new Option<string[]>("--option")
        {
            Description = "Exporter setting as key=value, for example compression=zstd (repeatable)",
            DefaultValueFactory = _ => [],
        };
        var databaseUrl = CommonOptions.DatabaseUrl();
        var pluginsDir = new Option<string?>("--plugins-dir")
        {
            Description = "Folder holding plugins (env PLUGINS_DIR); default: 'plugins' beside the executable",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PLUGINS_DIR"),
        };

        var command = new Command("export", "Export captured conversations as a fine-tuning dataset.")
        {
            format, output, from, to, models, search, tags, starred, noSystemPrompt, options, databaseUrl, pluginsDir,
        };
        curation.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // The command line listens for Ctrl+C and SIGTERM only once the action has returned its task; before
            // this yield the whole start (services, plugins, the partial output file) ran first, and an interrupt
            // then killed the process without its clean-up.
            await Task.Yield();
            var arguments = ExportArguments.Parse(
                parseResult.GetValue(format)!,
                parseResult.GetValue(output)!,
                parseResult.GetValue(databaseUrl)!,
                parseResult.GetValue(pluginsDir),
                parseResult.GetValue(from),
                parseResult.GetValue(to),
                parseResult.GetValue(models)!,
                parseResult.GetValue(search),
                parseResult.GetValue(noSystemPrompt),
                parseResult.GetValue(options)!) with
            {
                Curation = curation.Read(parseResult),
                SplitFiles = curation.SplitIntoFiles(parseResult),
            };
            arguments = arguments.WithReview(parseResult.GetValue(tags)!, parseResult.GetValue(starred));
            return await RunAsync(arguments, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(ExportArguments arguments, CancellationToken cancellationToken)
    {
        await using var services = ExportServices.Build(arguments);
        var exports = ExportServices.Resolve(services, arguments);
        var request = new ExportRequest(arguments.Format, arguments.Filter, arguments.IncludeSystemPrompts)
        {
            Options = arguments.Options,
            Curation = arguments.Curation,
        };

        var paths = ExportArguments.OutputPaths(arguments, ExportServices.Extension(services, arguments.Format));
        await using var output = ExportOutput.Create(paths[0]);
        await using var validation = paths.Count > 1 ? ExportOutput.Create(paths[1]) : null;
        ExportSummary summary;
        try
        {
            Func<IProgress<long>?, Task<ExportSummary>> export = validation is null
                ? progress => exports.ExportAsync(request, output.Stream, progress, cancellationToken)
                : progress => exports.ExportSplitAsync(request, output.Stream, validation.Stream, progress, cancellationToken);
            summary = ExportConsole.IsInteractive
                ? await ExportConsole.WithProgressAsync(await exports.CountAsync(request, cancellationToken), export)
                : await export(null);
            await output.CommitAsync();
            if (validation is not null)
            {
                await validation.CommitAsync();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("llm-intercept: export cancelled; no file written");
            return Cancelled;
        }
        catch (ArgumentException exception)
        {
            // Exporters reject settings they cannot use (--option) with an ArgumentException.
            throw new CliUsageException(exception.Message);
        }
        catch (Exception exception) when (exception is DbException or NotSupportedException)
        {
            await Console.Error.WriteLineAsync(
                $"llm-intercept: cannot read {arguments.Database}: {exception.GetBaseException().Message}");
            return Failed;
        }

        ExportConsole.WriteSummary(Console.Out, summary, arguments.Format, paths);
        return 0;
    }
}
