using System.Diagnostics;
using LlmIntercept.Bench.Tools;
using LlmIntercept.Dashboard.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace LlmIntercept.Bench.Ui;

/// <summary>
/// Signs in through the dashboard's sign-in form in Chromium, then opens each screen N times and times it from
/// navigation to "its data is on screen", read in the page (performance.now() at the hash change, or the new
/// document's start for a reload, to the animation frame in which the check first passes). Between two
/// samples the SPA goes to a route with no data, so every sample mounts its view afresh, and the timer waits
/// until no GraphQL call is open, so no sample shares the server with the one before. Prints one
/// tab-separated line per screen: name, p50 and p95 (ms), samples, p50 of the slowest GraphQL call's time per
/// sample (ms, request to last byte), that call's operation, and what the screen showed the last time.
/// </summary>
internal static class UiTimer
{
    private const string Blank = "#/ui-timer-blank";

    public static async Task<int> RunAsync(ToolArguments arguments)
    {
        var home = new Uri(arguments.Required("base").TrimEnd('/') + "/");
        var settings = new Settings(
            arguments.Int("iterations", 10),
            arguments.Int("warmup", 1),
            TimeSpan.FromSeconds(arguments.Int("budget-seconds", 60)),
            TimeSpan.FromSeconds(arguments.Int("timeout-seconds", 120)),
            arguments.Optional("verbose") == "true");

        var (playwright, chromium) = await Chromium.LaunchAsync();
        using var driver = playwright;
        await using var browser = chromium;
        var page = await NewPageAsync(browser, settings.Timeout);
        var calls = new GraphQLCalls();
        calls.Watch(page);

        await SignInAsync(page, home, arguments.Required("password"));
        var newestId = await NewestIdAsync(page);
        var model = arguments.Optional("model") ?? await SomeModelAsync(page);
        Console.Error.WriteLine($"ui-timer: signed in; newest request #{newestId}; model filter {model}");
        await calls.SettleAsync(settings.Timeout);

        var only = arguments.Optional("screens")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var screens = Screens.All(model, newestId).Where(s => only is null || only.Contains(s.Name)).ToList();
        var samples = await CollectAsync(page, home, calls, screens, settings);
        foreach (var screen in screens)
        {
            Console.WriteLine(Line(screen.Name, samples[screen.Name]));
        }

        return 0;
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser, TimeSpan timeout)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout((float)timeout.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    // Round after round, every screen once a round, so that the screens share the machine's changing load alike.
    private static async Task<Dictionary<string, List<Sample>>> CollectAsync(
        IPage page,
        Uri home,
        GraphQLCalls calls,
        IReadOnlyList<Screen> screens,
        Settings settings)
    {
        var samples = screens.ToDictionary(s => s.Name, _ => new List<Sample>());
        var spent = screens.ToDictionary(s => s.Name, _ => 0.0);
        for (var i = 0; i < settings.Warmup + settings.Iterations; i++)
        {
            foreach (var screen in screens)
            {
                // A slow screen stops once it has a few samples and has used its time budget.
                if (samples[screen.Name].Count >= 3 && spent[screen.Name] > settings.Budget.TotalMilliseconds)
                {
                    continue;
                }

                var started = Stopwatch.GetTimestamp();
                var sample = await MeasureAsync(page, home, calls, screen, i, settings.Timeout);
                if (!await calls.SettleAsync(settings.Timeout))
                {
                    Console.Error.WriteLine($"ui-timer: {screen.Name} still had GraphQL calls open after "
                        + $"{settings.Timeout.TotalSeconds:0} s");
                }

                // The budget counts the wait for calls still open, which can be much longer than the sample.
                spent[screen.Name] += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var counted = i >= settings.Warmup;
                if (settings.Verbose)
                {
                    Console.Error.WriteLine(string.Join('\t', screen.Name, counted ? "sample" : "warm-up",
                        Percentiles.Ms(sample.Ms), sample.Slowest?.Operation ?? "-",
                        Percentiles.Ms(sample.Slowest?.Ms ?? double.NaN), sample.Shown));
                }

                if (counted)
                {
                    samples[screen.Name].Add(sample);
                }
            }
        }

        return samples;
    }

    private static async Task SignInAsync(IPage page, Uri home, string password)
    {
        await page.GotoAsync(home.ToString());
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByLabel("Password").PressAsync("Enter");
        var signOut = page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
        var refused = page.Locator("#signin-message .message.error");
        await signOut.Or(refused).First.WaitForAsync();
        if (await refused.IsVisibleAsync())
        {
            throw new InvalidOperationException($"sign-in failed: {await refused.InnerTextAsync()}");
        }
    }

    private static async Task<long> NewestIdAsync(IPage page)
    {
        await page.EvaluateAsync("route => { location.hash = route; }", "#/requests");
        var first = page.Locator("table.requests tbody tr").First;
        return long.Parse(await first.GetAttributeAsync("data-id") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
    }

    // The filter bar's model list, as a person would pick from it; the biggest generated model if it is there.
    private static async Task<string> SomeModelAsync(IPage page)
    {
        var options = page.Locator("select[name=model] option:not([value=''])");
        await options.First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var models = await options.EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        return models.Contains("openai/gpt-4o-mini") ? "openai/gpt-4o-mini" : models[0];
    }

    private static async Task<Sample> MeasureAsync(
        IPage page,
        Uri home,
        GraphQLCalls calls,
        Screen screen,
        int iteration,
        TimeSpan timeout)
    {
        var route = screen.Route(iteration);
        if (screen.Reload)
        {
            await page.GotoAsync("about:blank");
            calls.Clear();
            await page.GotoAsync(new Uri(home, route).ToString(), new() { WaitUntil = WaitUntilState.Commit });
        }
        else
        {
            await page.EvaluateAsync("route => { location.hash = route; }", Blank);
            await page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" }).WaitForAsync();
            calls.Clear();
            await page.EvaluateAsync("route => { window.__uiTimerStart = performance.now(); location.hash = route; }", route);
        }

        var started = Stopwatch.GetTimestamp();
        Outcome? outcome;
        try
        {
            var handle = await page.WaitForFunctionAsync(Check(screen.Ready), null,
                new() { Timeout = (float)timeout.TotalMilliseconds });
            outcome = await handle.JsonValueAsync<Outcome>();
        }
        catch (TimeoutException)
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Console.Error.WriteLine($"ui-timer: {screen.Name} ({route}) showed no data within {timeout.TotalSeconds:0} s");
            return new Sample(elapsed, calls.Slowest(), $"timed out after {timeout.TotalSeconds:0} s");
        }

        if (outcome?.Failed is { } failure)
        {
            throw new InvalidOperationException($"{screen.Name} ({route}) shows no data: {failure}");
        }

        return new Sample(outcome!.Ms, calls.Slowest(), outcome.Shown ?? "");
    }

    // The screen's check wrapped to report the time at which it first passed.
    private static string Check(string ready) => $$"""
        () => {
          const $ = (selector) => document.querySelector(selector);
          const $$ = (selector) => [...document.querySelectorAll(selector)];
          const state = (() => { {{ready}} })();
          if (!state) return false;
          return { ms: performance.now() - (window.__uiTimerStart ?? 0), shown: state.shown ?? null, failed: state.failed ?? null };
        }
        """;

    private static string Line(string name, List<Sample> samples)
    {
        var ms = samples.Select(s => s.Ms).ToList();
        var api = samples.Where(s => s.Slowest is not null).Select(s => s.Slowest!.Value.Ms).ToList();
        var operation = samples.Select(s => s.Slowest?.Operation).LastOrDefault(o => o is not null) ?? "-";
        var shown = samples.LastOrDefault()?.Shown.Replace('\t', ' ') ?? "";
        return string.Join('\t', name, Percentiles.Ms(Percentiles.Of(ms, 50)), Percentiles.Ms(Percentiles.Of(ms, 95)),
            samples.Count, Percentiles.Ms(Percentiles.Of(api, 50)), operation, shown);
    }

    private sealed record Settings(int Iterations, int Warmup, TimeSpan Budget, TimeSpan Timeout, bool Verbose);

    private sealed record Sample(double Ms, (string Operation, double Ms)? Slowest, string Shown);

    // Playwright fills a result type through a parameterless constructor and settable properties.
    private sealed class Outcome
    {
        public double Ms { get; set; }

        public string? Shown { get; set; }

        public string? Failed { get; set; }
    }
}
