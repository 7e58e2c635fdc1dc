import { useEffect, useRef, useState } from 'preact/hooks';
import { describeFilters, toFilterInput, type Filters } from '../filters';
import { formatBytes, formatCount } from '../format';
import { fetchExportCount, fetchExportFormats, fetchExportPreview, fetchExportReport, type ExportOptions, type ExportReport } from '../queries';
import { downloadExport, saveFile, type ExportProgress, type ExportResult } from '../exportDownload';
import { messageOf, useAsync } from '../useAsync';
import { SessionLostError } from '../api';
import { ExportReportView } from '../components/ExportReportView';
import { RetentionPanel } from '../components/RetentionPanel';

type Run =
  | { state: 'idle' }
  | { state: 'running'; progress: ExportProgress }
  | { state: 'done'; result: ExportResult; report: ExportReport | null }
  | { state: 'previewing' }
  | { state: 'preview'; report: ExportReport }
  | { state: 'failed'; message: string };

interface OptionFields {
  dedup: boolean;
  dedupPrompts: boolean;
  validationPercent: string;
  redact: boolean;
  flavour: string;
  minTokens: string;
  maxTokens: string;
}

const noOptions: OptionFields = {
  dedup: false,
  dedupPrompts: false,
  validationPercent: '',
  redact: false,
  flavour: 'none',
  minTokens: '',
  maxTokens: '',
};

const flavours: Record<string, string> = {
  none: 'Exporter default (messages + metadata)',
  openai: 'OpenAI chat fine-tuning',
  trl: 'Hugging Face / TRL messages',
  sharegpt: 'ShareGPT (LLaMA-Factory)',
};

function toOptions(fields: OptionFields): ExportOptions {
  const percent = Number.parseFloat(fields.validationPercent);
  const whole = (text: string) => (text.trim() === '' ? null : Number.parseInt(text, 10));
  return {
    dedup: fields.dedup,
    dedupPrompts: fields.dedupPrompts,
    validationRatio: Number.isFinite(percent) && percent > 0 ? percent / 100 : null,
    redact: fields.redact,
    flavour: fields.flavour,
    minTokens: whole(fields.minTokens),
    maxTokens: whole(fields.maxTokens),
  };
}

export function ExportPanel({ filters }: { filters: Filters }) {
  const [includeSystem, setIncludeSystem] = useState(true);
  const [format, setFormat] = useState('');
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const [fields, setFields] = useState<OptionFields>(noOptions);
  const set = <K extends keyof OptionFields>(name: K, value: OptionFields[K]) => setFields({ ...fields, [name]: value });
  const abort = useRef<AbortController | null>(null);
  const key = `${JSON.stringify(filters)}|${includeSystem}`;
  // The formats come at once; the count can take seconds on a big store and must not hold the form back.
  const formatList = useAsync(fetchExportFormats, 'formats');
  const count = useAsync(() => fetchExportCount(toFilterInput(filters), includeSystem), key);
  const formats = formatList.data ?? [];
  const failure = formatList.error ?? count.error;
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
    setRun({ state: 'running', progress: { bytes: 0, rows: null, expectedRows: count.data ?? null } });
    try {
      const request = { ...chosen, filter: toFilterInput(filters), includeSystemPrompts: includeSystem, options: toOptions(fields) };
      const result = await downloadExport(request, (progress) => setRun({ state: 'running', progress }), abort.current.signal);
      saveFile(result.url, result.filename);
      const report = result.reportId ? await fetchExportReport(result.reportId) : null;
      setRun({ state: 'done', result, report });
    } catch (error) {
      if (error instanceof SessionLostError) {
        return;
      }

      const cancelled = error instanceof DOMException && error.name === 'AbortError';
      setRun({ state: 'failed', message: cancelled ? 'Export cancelled.' : messageOf(error) });
    }
  };

  const preview = async () => {
    setRun({ state: 'previewing' });
    try {
      const report = await fetchExportPreview(toFilterInput(filters), includeSystem, toOptions(fields));
      setRun({ state: 'preview', report });
    } catch (error) {
      if (!(error instanceof SessionLostError)) {
        setRun({ state: 'failed', message: messageOf(error) });
      }
    }
  };

  const running = run.state === 'running' || run.state === 'previewing';
  return (
    <section aria-labelledby="export-title">
      <div class="page-head">
        <h1 id="export-title">Export</h1>
        <p class="muted">Download the requests that match the current filters as a dataset.</p>
      </div>
      {failure ? <p class="message error" role="alert">{failure}</p> : null}
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
        <fieldset class="export-options" disabled={running}>
          <legend>Dataset options</legend>
          <label class="check">
            <input type="checkbox" name="dedup" checked={fields.dedup} onChange={(e) => set('dedup', e.currentTarget.checked)} />
            Remove duplicate conversations
          </label>
          <label class="check">
            <input
              type="checkbox"
              name="dedupPrompts"
              checked={fields.dedupPrompts}
              onChange={(e) => set('dedupPrompts', e.currentTarget.checked)}
            />
            One row per prompt (latest reply)
          </label>
          <label class="check">
            <input type="checkbox" name="redact" checked={fields.redact} onChange={(e) => set('redact', e.currentTarget.checked)} />
            Redact personal data (emails, phones, cards, IBANs, keys, IPs)
          </label>
          <label class="field">
            <span>Flavour</span>
            <select name="flavour" value={fields.flavour} onChange={(e) => set('flavour', e.currentTarget.value)}>
              {Object.entries(flavours).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>Validation split (%)</span>
            <input
              type="number"
              name="validationPercent"
              min={0}
              max={99}
              step="any"
              placeholder="none"
              value={fields.validationPercent}
              onInput={(e) => set('validationPercent', e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>Min tokens</span>
            <input type="number" name="minTokens" min={0} value={fields.minTokens} onInput={(e) => set('minTokens', e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>Max tokens</span>
            <input type="number" name="maxTokens" min={1} value={fields.maxTokens} onInput={(e) => set('maxTokens', e.currentTarget.value)} />
          </label>
          <p class="muted">
            Tokens are estimated (characters ÷ 4, plus 4 a message). A split adds a <code>split</code> column (train or validation).
          </p>
        </fieldset>
        <p class="export-count" role="status">
          {count.loading ? 'Counting…' : count.data != null ? `${formatCount(count.data)} rows will be exported.` : ''}
        </p>
        <p class="export-note muted">
          Only completed replies become rows: failed, refused and cut-off requests and tool calls with invalid JSON arguments are left out.
        </p>
        <div class="filter-actions">
          <button type="submit" class="primary" disabled={running || !chosen || count.data === 0}>
            {run.state === 'running' ? 'Exporting…' : 'Export'}
          </button>
          <button type="button" disabled={running} onClick={() => void preview()}>
            {run.state === 'previewing' ? 'Checking…' : 'Preview report'}
          </button>
          {run.state === 'running' ? (
            <button type="button" onClick={() => abort.current?.abort()}>
              Cancel
            </button>
          ) : null}
        </div>
        <RunStatus run={run} />
      </form>
      {run.state === 'done' && run.report ? <ExportReportView report={run.report} title="Export report" /> : null}
      {run.state === 'preview' ? <ExportReportView report={run.report} title="Preview report" /> : null}
      <RetentionPanel />
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
