import { useEffect, useRef, useState } from 'preact/hooks';
import { describeFilters, toFilterInput, type Filters } from '../filters';
import { formatBytes, formatCount } from '../format';
import { fetchExportOptions } from '../queries';
import { downloadExport, saveFile, type ExportProgress, type ExportResult } from '../exportDownload';
import { messageOf, useAsync } from '../useAsync';
import { SessionLostError } from '../api';

type Run =
  | { state: 'idle' }
  | { state: 'running'; progress: ExportProgress }
  | { state: 'done'; result: ExportResult }
  | { state: 'failed'; message: string };

export function ExportPanel({ filters }: { filters: Filters }) {
  const [includeSystem, setIncludeSystem] = useState(true);
  const [format, setFormat] = useState('');
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const key = `${JSON.stringify(filters)}|${includeSystem}`;
  const options = useAsync(() => fetchExportOptions(toFilterInput(filters), includeSystem), key);
  const formats = options.data?.formats ?? [];
  const chosen = formats.find((candidate) => candidate.format === format) ?? formats[0];
  const summary = describeFilters(filters);

  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    if (run.state === 'done') {
      return () => URL.revokeObjectURL(run.result.url);
    }
  }, [run]);

  const start = async (event: Event) => {
    event.preventDefault();
    if (!chosen) {
      return;
    }

    abort.current = new AbortController();
    setRun({ state: 'running', progress: { bytes: 0, rows: null, expectedRows: options.data?.count ?? null } });
    try {
      const request = { ...chosen, filter: toFilterInput(filters), includeSystemPrompts: includeSystem };
      const result = await downloadExport(request, (progress) => setRun({ state: 'running', progress }), abort.current.signal);
      saveFile(result.url, result.filename);
      setRun({ state: 'done', result });
    } catch (error) {
      if (error instanceof SessionLostError) {
        return;
      }

      const cancelled = error instanceof DOMException && error.name === 'AbortError';
      setRun({ state: 'failed', message: cancelled ? 'Export cancelled.' : messageOf(error) });
    }
  };

  const running = run.state === 'running';
  return (
    <section aria-labelledby="export-title">
      <div class="page-head">
        <h1 id="export-title">Export</h1>
        <p class="muted">Download the requests that match the current filters as a dataset.</p>
      </div>
      {options.error ? <p class="message error" role="alert">{options.error}</p> : null}
      <form class="panel export" onSubmit={start}>
        <div class="export-filters">
          <span class="label">Filters</span>
          {summary.length ? (
            <ul class="chips">
              {summary.map((part) => (
                <li key={part}>{part}</li>
              ))}
            </ul>
          ) : (
            <span>none: every stored request</span>
          )}
        </div>
        <label class="field">
          <span>Format</span>
          <select name="format" value={chosen?.format ?? ''} disabled={running} onChange={(e) => setFormat(e.currentTarget.value)}>
            {formats.map((candidate) => (
              <option key={candidate.format} value={candidate.format}>
                {candidate.displayName} ({candidate.fileExtension})
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            name="includeSystemPrompts"
            checked={includeSystem}
            disabled={running}
            onChange={(e) => setIncludeSystem(e.currentTarget.checked)}
          />
          Include system prompts
        </label>
        <p class="export-count" role="status">
          {options.loading ? 'Counting…' : options.data ? `${formatCount(options.data.count)} rows will be exported.` : ''}
        </p>
        <p class="export-note muted">
          Only completed replies become rows: failed, refused and cut-off requests and tool calls with invalid JSON arguments are left out.
        </p>
        <div class="filter-actions">
          <button type="submit" class="primary" disabled={running || !chosen || options.data?.count === 0}>
            {running ? 'Exporting…' : 'Export'}
          </button>
          {running ? (
            <button type="button" onClick={() => abort.current?.abort()}>
              Cancel
            </button>
          ) : null}
        </div>
        <RunStatus run={run} />
      </form>
    </section>
  );
}

function RunStatus({ run }: { run: Run }) {
  if (run.state === 'running') {
    const { bytes, rows, expectedRows } = run.progress;
    return (
      <div class="progress" role="status">
        <progress max={expectedRows ?? undefined} value={rows != null && expectedRows ? rows : undefined} />
        <span>
          {formatBytes(bytes)} received
          {rows != null ? ` · ${formatCount(rows)}${expectedRows != null ? ` of ${formatCount(expectedRows)}` : ''} rows` : ''}
        </span>
      </div>
    );
  }

  if (run.state === 'done') {
    const { filename, bytes, rows, url } = run.result;
    return (
      <p class="message ok" role="status">
        Saved <a href={url} download={filename}>{filename}</a> ({formatBytes(bytes)}
        {rows != null ? `, ${formatCount(rows)} rows` : ''}).
      </p>
    );
  }

  if (run.state === 'failed') {
    return <p class="message error" role="alert">{run.message}</p>;
  }

  return null;
}
