using LlmIntercept.Plugins;
using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Proxy.Configuration;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Proxy.Forwarding;

/// <summary>
/// Chooses the upstream adapter (named by <c>UPSTREAM</c>, else the first plugin whose host matches the base
/// URL, else the built-in OpenAI-compatible one) and resolves the URL once; again when plugins reload.
/// </summary>
internal sealed partial class UpstreamTargetProvider
{
    private readonly ProxyOptions _options;
    private readonly IPluginCatalog? _catalog;
    private readonly ILogger<UpstreamTargetProvider> _logger;
    private volatile UpstreamTarget _current;

    public UpstreamTargetProvider(
        IOptions<ProxyOptions> options,
        ILogger<UpstreamTargetProvider> logger,
        IPluginCatalog? catalog = null)
    {
        _options = options.Value;
        _catalog = catalog;
        _logger = logger;
        _current = Resolve();
        if (_catalog is not null)
        {
            _catalog.Changed += (_, _) => _current = Resolve();
        }
    }

    public UpstreamTarget Current => _current;

    private UpstreamTarget Resolve()
    {
        var baseUrl = new Uri(_options.BaseUrl);
        var adapters = _catalog?.Adapters ?? [];
        var adapter = Select(adapters, baseUrl);
        var target = new UpstreamTarget(adapter, adapter.ResolveChatCompletionsUri(baseUrl));
        LogTarget(_logger, adapter.Name, target.DisplayUrl);
        return target;
    }

    private IUpstreamAdapter Select(IReadOnlyList<IUpstreamAdapter> adapters, Uri baseUrl)
    {
        if (!string.IsNullOrWhiteSpace(_options.Upstream))
        {
            return adapters.FirstOrDefault(a => a.Name.Equals(_options.Upstream, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException(
                    $"UPSTREAM '{_options.Upstream}' is not a loaded adapter; loaded: "
                    + (adapters.Count == 0 ? "none" : string.Join(", ", adapters.Select(a => a.Name))) + ".");
        }

        return adapters.FirstOrDefault(a => a.Matches(baseUrl)) ?? new OpenAICompatibleAdapter();
    }

    [LoggerMessage(EventId = 2010, EventName = "UpstreamSelected", Level = LogLevel.Information,
        Message = "Forwarding chat completions to {Url} with the {Adapter} adapter")]
    private static partial void LogTarget(ILogger logger, string adapter, string url);
}
