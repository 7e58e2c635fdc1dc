using LlmIntercept.Bench.Tools;

// Helpers for bench/run.sh that no packaged tool covers: seeding a store, timing streams and dashboard queries.
// Load at a rate or at saturation always comes from wrk and h2load, never from here.
return args.FirstOrDefault() switch
{
    "seed" => await StoreSeeder.RunAsync(ToolArguments.Parse(args[1..])),
    "stream-timer" => await StreamTimer.RunAsync(ToolArguments.Parse(args[1..])),
    "query-timer" => await QueryTimer.RunAsync(ToolArguments.Parse(args[1..])),
    "report" => await Report.RunAsync(ToolArguments.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          seed --database-url sqlite:////abs/file.db (or env DATABASE_URL) --rows N [--batch 2000] [--days 30] [--writer bulk|batch|none]
          stream-timer --target name=url [--target name=url ...] [--requests 40] [--warmup 5]
          query-timer --base http://127.0.0.1:PORT/admin --password P [--iterations 40] [--warmup 1] [--budget-seconds 30]
          report --results results.tsv --machine machine.tsv --out docs/benchmarks.md
        """);
    return 2;
}
