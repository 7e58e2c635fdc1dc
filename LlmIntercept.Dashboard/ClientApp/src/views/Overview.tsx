import { useMemo } from 'preact/hooks';
import { describeFilters, hasFilters, noFilters, toFilterInput, type Filters } from '../filters';
import { formatCompact, formatCount, formatMs, formatPercent, formatShortTime } from '../format';
import { fetchStats, type Stats } from '../queries';
import { useAsync } from '../useAsync';
import { BarChart } from '../components/BarChart';
import { EmptyResult } from '../components/EmptyResult';

export function Overview({ filters, onApply }: { filters: Filters; onApply: (filters: Filters) => void }) {
  const key = JSON.stringify(filters);
  const { data, error, loading } = useAsync(() => fetchStats(toFilterInput(filters)), key);

  return (
    <section aria-labelledby="overview-title" aria-busy={loading}>
      <div class="page-head">
        <h1 id="overview-title">Overview</h1>
        <p class="muted">{describeFilters(filters).join(' · ') || 'All captured requests'}</p>
      </div>
      {error ? <p class="message error" role="alert">{error}</p> : null}
      {!data ? (
        loading ? <p class="muted" role="status">Loading statistics…</p> : null
      ) : data.totalRequests === 0 ? (
        <EmptyResult filtered={hasFilters(filters)} onClear={() => onApply(noFilters)} />
      ) : (
        <StatsView stats={data} />
      )}
    </section>
  );
}

function StatsView({ stats }: { stats: Stats }) {
  const timeline = useMemo(() => timelineSeries(stats), [stats]);
  const latency = useMemo(() => latencySeries(stats), [stats]);
  const tokens = useMemo(() => tokenSeries(stats), [stats]);

  return (
    <>
      <dl class="cards">
        <Card label="Requests" value={formatCount(stats.totalRequests)} />
        <Card label="Models" value={formatCount(stats.uniqueModels)} />
        <Card label="Avg response" value={formatMs(stats.avgResponseTimeMs)} />
        <Card
          label="p95 response"
          value={(stats.percentilesApproximate ? '≈ ' : '') + formatMs(stats.p95ResponseTimeMs)}
          title={
            stats.percentilesApproximate
              ? 'Read off the hourly roll-up histogram: within one bucket (at most 25% wide) of the exact value'
              : undefined
          }
        />
        <Card label="Error rate" value={formatPercent(stats.errorRate)} tone={stats.errorRate > 0.05 ? 'bad' : undefined} />
        <Card label="Tokens in" value={formatCompact(stats.promptTokens)} />
        <Card label="Tokens out" value={formatCompact(stats.completionTokens)} />
      </dl>
      <div class="panels">
        <figure class="panel wide">
          <figcaption>
            Requests over time <span class="muted">by model, {bucketLabel(stats.bucketMinutes)} buckets</span>
          </figcaption>
          <BarChart stacked {...timeline} description={`Requests over time for ${timeline.datasets.length} models`} />
        </figure>
        <figure class="panel">
          <figcaption>Latency distribution</figcaption>
          <BarChart {...latency} description="Number of requests in each response-time range" />
        </figure>
        <figure class="panel">
          <figcaption>Tokens per model</figcaption>
          <BarChart stacked horizontal {...tokens} formatValue={formatCompact} description="Prompt and completion tokens per model" />
        </figure>
      </div>
      <ModelTable stats={stats} />
    </>
  );
}

function Card({ label, value, tone, title }: { label: string; value: string; tone?: 'bad'; title?: string }) {
  return (
    <div class={`card ${tone ?? ''}`} title={title}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function ModelTable({ stats }: { stats: Stats }) {
  return (
    <div class="panel table-panel">
      <table class="grid">
        <caption>Per model</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col" class="num">Requests</th>
            <th scope="col" class="num">Errors</th>
            <th scope="col" class="num">Avg response</th>
            <th scope="col" class="num">Tokens in</th>
            <th scope="col" class="num">Tokens out</th>
          </tr>
        </thead>
        <tbody>
          {stats.perModel.map((row) => (
            <tr key={row.model}>
              <th scope="row">{row.model}</th>
              <td class="num">{formatCount(row.count)}</td>
              <td class="num">{formatCount(row.errorCount)}</td>
              <td class="num">{formatMs(row.avgResponseTimeMs)}</td>
              <td class="num">{formatCount(row.promptTokens)}</td>
              <td class="num">{formatCount(row.completionTokens)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function bucketLabel(minutes: number): string {
  return minutes % 1440 === 0 ? `${minutes / 1440}-day` : minutes % 60 === 0 ? `${minutes / 60}-hour` : `${minutes}-minute`;
}

// The service sends only non-empty buckets; the chart shows the gaps too, so time reads evenly.
function timelineSeries(stats: Stats) {
  const step = Math.max(1, stats.bucketMinutes) * 60_000;
  const times = stats.timeline.map((bucket) => Date.parse(bucket.start));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const slots: number[] = [];
  for (let time = first; times.length && time <= last && slots.length < 1000; time += step) {
    slots.push(time);
  }

  const models = [...new Set(stats.timeline.map((bucket) => bucket.model))].sort();
  const datasets = models.map((model) => ({ label: model, data: slots.map(() => 0) }));
  for (const bucket of stats.timeline) {
    const slot = Math.round((Date.parse(bucket.start) - first) / step);
    const set = datasets[models.indexOf(bucket.model)];
    if (slot < slots.length) {
      set.data[slot] += Number(bucket.count);
    }
  }

  return { labels: slots.map((time) => formatShortTime(new Date(time).toISOString())), datasets };
}

function latencySeries(stats: Stats) {
  const buckets = stats.latencyHistogram;
  const labels = buckets.map((bucket, index) =>
    bucket.upperMs != null ? `≤ ${formatMs(bucket.upperMs)}` : `> ${formatMs(buckets[index - 1]?.upperMs ?? 0)}`,
  );
  return { labels, datasets: [{ label: 'Requests', data: buckets.map((bucket) => Number(bucket.count)) }] };
}

function tokenSeries(stats: Stats) {
  const rows = stats.perModel;
  return {
    labels: rows.map((row) => row.model),
    datasets: [
      { label: 'Prompt', data: rows.map((row) => Number(row.promptTokens)) },
      { label: 'Completion', data: rows.map((row) => Number(row.completionTokens)) },
    ],
  };
}
