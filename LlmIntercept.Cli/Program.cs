using System.CommandLine;
using LlmIntercept.Cli.Commands;

var root = new RootCommand("LLM Intercept: an OpenAI-compatible proxy that records chat completions for fine-tuning.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(InitDatabaseCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(PruneCommand.Create());

return await CommandLineRunner.RunAsync(root, args);
