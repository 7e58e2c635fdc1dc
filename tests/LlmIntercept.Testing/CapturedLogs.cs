using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LlmIntercept.Testing;

/// <summary>Every log line at every level, formatted with its state's values and exception, for tests to search.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLine> lines = new();

    public IReadOnlyList<CapturedLine> Lines => lines.ToArray();

    public string AllText => string.Join('\n', lines.Select(l => l.Text));

    public bool Has(string eventName) => lines.Any(l => l.EventName == eventName);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue(new CapturedLine(LogLevel.None, null, $"{category} scope: {state} {Values(state)}"));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue(new CapturedLine(
                logLevel, eventId.Name, $"{logLevel} {category}: {formatter(state, exception)} {Values(state)} {exception}"));
        }

        private static string Values<TState>(TState state) =>
            state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(pair => $"{pair.Key}={pair.Value}"))
                : "";
    }
}

/// <summary>One captured log line.</summary>
public sealed record CapturedLine(LogLevel Level, string? EventName, string Text);
