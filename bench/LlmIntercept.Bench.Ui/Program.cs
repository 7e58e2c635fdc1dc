using LlmIntercept.Bench.Tools;
using LlmIntercept.Bench.Ui;

// The dashboard as a person sees it: how long each screen of the real SPA, in a real browser, takes to show
// its data. bench/run.sh runs it beside query-timer, which times the same GraphQL queries without a browser.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("""
        usage: ui-timer --base http://127.0.0.1:PORT/admin/ --password P [--iterations 10] [--warmup 1]
                        [--budget-seconds 60] [--timeout-seconds 120] [--model NAME]
                        [--screens name,name] [--verbose true]
        prints, per screen: name, p50 ms, p95 ms, samples, p50 ms of its slowest GraphQL call, that call's
        operation, what the screen showed; --verbose true also writes every sample to stderr
        """);
    return 2;
}

return await UiTimer.RunAsync(ToolArguments.Parse(args));
