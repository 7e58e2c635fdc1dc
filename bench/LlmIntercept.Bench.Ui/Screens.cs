namespace LlmIntercept.Bench.Ui;

/// <summary>The screens the timer opens, with the SPA's real markup as the sign that each one shows its data.</summary>
internal static class Screens
{
    // Words the seeded store's generated conversations contain (bench/LlmIntercept.Bench.Tools, ConversationGenerator).
    private static readonly string[] SearchTerms =
        ["invoice refund", "kubernetes", "postgres index", "retry backoff", "quarterly forecast", "password reset",
         "unit test", "shipping delay", "memory leak", "translate spanish"];

    // A failure anywhere in the view, or an empty result, ends the wait: the screen did not show data.
    private const string Failures = """
        const alert = $('main [role=alert]')?.textContent?.trim();
        if (alert) return { failed: alert };
        const empty = $('main .empty h2')?.textContent?.trim();
        if (empty) return { failed: empty };
        """;

    // Cards with a number and every chart drawn (Chart.js marks the canvases it has set up; with animation
    // off it draws in the same task).
    private const string Overview = Failures + """
        const card = $$('dl.cards .card').find(c => c.querySelector('dt')?.textContent === 'Requests');
        const value = card?.querySelector('dd')?.textContent ?? '';
        const charts = $$('main figure canvas');
        if (!/\d/.test(value) || charts.length < 3 || !charts.every(c => c.$chartjs && c.width > 0)) return;
        return { shown: `${value} requests, ${charts.length} charts` };
        """;

    private const string List = Failures + """
        const rows = $$('table.requests tbody tr');
        if (rows.length === 0) return;
        return { shown: `${rows.length} rows of ${$('main [role=status]').textContent.trim()}` };
        """;

    private const string PageFive = Failures + """
        const rows = $$('table.requests tbody tr');
        const pager = $('.pager [aria-current=page]')?.textContent ?? '';
        if (rows.length === 0 || !pager.startsWith('Page 5 ')) return;
        return { shown: `${rows.length} rows, ${pager}` };
        """;

    private const string Detail = Failures + """
        const bubbles = $$('ol.chat li.bubble');
        if (bubbles.length === 0) return;
        return { shown: `${bubbles.length} messages` };
        """;

    // What a person needs to start an export: a format to pick and the Export button enabled.
    private const string ExportForm = Failures + """
        const formats = $$('select[name=format] option').length;
        const button = $$('form.export button[type=submit]').find(b => b.textContent.trim() === 'Export');
        if (formats === 0 || !button || button.disabled) return;
        return { shown: `${formats} formats, Export enabled` };
        """;

    private const string Export = Failures + """
        const count = $('.export-count')?.textContent ?? '';
        if (!/\d.* rows will be exported/.test(count)) return;
        return { shown: count.trim() };
        """;

    public static IReadOnlyList<Screen> All(string model, long newestId) =>
    [
        new("overview_load", _ => "#/", Overview) { Reload = true },
        new("overview", _ => "#/", Overview),
        new("overview_24h", _ => "#/?range=24h", Overview),
        new("overview_model", _ => $"#/?model={Uri.EscapeDataString(model)}", Overview),
        new("list", _ => "#/requests", List),
        new("list_page5", _ => "#/requests?page=5", PageFive),
        new("search", i => $"#/requests?q={Uri.EscapeDataString(SearchTerms[i % SearchTerms.Length])}", List),
        new("detail", i => $"#/requests/{SpreadId(i, newestId)}", Detail),
        new("export_form", _ => "#/export", ExportForm),
        new("export", _ => "#/export", Export),
    ];

    // Requests from all over the store, not only the newest, so the detail view does not read one cached row.
    private static long SpreadId(int iteration, long newestId) => 1 + (iteration * 104_729L % Math.Max(1, newestId));
}
