import { useState } from 'preact/hooks';
import { describeFilters, hasFilters, noFilters, toFilterInput, type Filters } from '../filters';
import { formatCount, formatDateTime, formatMs } from '../format';
import { fetchRequests, type RequestSummary } from '../queries';
import { href, navigate } from '../router';
import { useAsync } from '../useAsync';
import { EmptyResult } from '../components/EmptyResult';
import { StatusBadge } from '../components/StatusBadge';
import { BulkReview } from '../components/BulkReview';

const pageSize = 20;

interface Props {
  filters: Filters;
  params: URLSearchParams;
  onApply: (filters: Filters) => void;
}

export function RequestList({ filters, params, onApply }: Props) {
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const [version, setVersion] = useState(0);
  const key = `${JSON.stringify(filters)}|${page}|${version}`;
  const { data, error, loading } = useAsync(() => fetchRequests(toFilterInput(filters), page, pageSize), key);
  const pages = data ? Math.max(1, Math.ceil(Number(data.totalCount) / pageSize)) : 1;

  const goTo = (target: number) => {
    const next = new URLSearchParams(params);
    if (target > 1) {
      next.set('page', String(target));
    } else {
      next.delete('page');
    }

    navigate('/requests', next);
  };

  return (
    <section aria-labelledby="list-title" aria-busy={loading}>
      <div class="page-head">
        <h1 id="list-title">Requests</h1>
        <p class="muted" role="status">
          {data ? `${formatCount(data.totalCount)} ${data.totalCount === 1 ? 'request' : 'requests'}` : 'Loading…'}
          {describeFilters(filters).length ? ` · ${describeFilters(filters).join(' · ')}` : ''}
        </p>
      </div>
      {error ? <p class="message error" role="alert">{error}</p> : null}
      {data && data.items.length === 0 ? (
        <EmptyResult filtered={hasFilters(filters) || page > 1} onClear={() => onApply(noFilters)} />
      ) : null}
      {data && data.items.length > 0 ? (
        <>
          <BulkReview filters={filters} total={data.totalCount} onChanged={() => setVersion((v) => v + 1)} />
          <div class="panel table-panel">
            <table class="grid requests">
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col">Time</th>
                  <th scope="col">Model</th>
                  <th scope="col" class="num">Latency</th>
                  <th scope="col" class="num">Tokens in / out</th>
                  <th scope="col">Last user message</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((item) => (
                  <Row key={item.id} item={item} link={href(`/requests/${item.id}`, params)} />
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pages={pages} onPage={goTo} />
        </>
      ) : null}
    </section>
  );
}

function Row({ item, link }: { item: RequestSummary; link: string }) {
  return (
    <tr data-id={item.id} onClick={(event) => openRow(event, link)}>
      <td>
        <StatusBadge status={item.status} outcome={item.outcome} statusCode={item.statusCode} />
      </td>
      <td class="nowrap">
        <a href={link}>{formatDateTime(item.timestamp)}</a>
      </td>
      <td class="model">
        {item.model ?? <span class="muted">unknown</span>}
        {item.stream ? <span class="tag">stream</span> : null}
        {item.hasToolCalls ? <span class="tag">tools</span> : null}
        {item.starred ? <span class="tag star" title="Starred">★</span> : null}
        {item.excluded ? <span class="tag excluded" title="Excluded from datasets">excluded</span> : null}
        {item.tags.map((tag) => (
          <span key={tag} class="tag label">
            #{tag}
          </span>
        ))}
      </td>
      <td class="num">{formatMs(item.responseTimeMs)}</td>
      <td class="num nowrap">
        {formatCount(item.promptTokens)} / {formatCount(item.completionTokens)}
      </td>
      <td class="preview">{item.preview ?? <span class="muted">no user message</span>}</td>
    </tr>
  );
}

function openRow(event: MouseEvent, link: string) {
  // The time cell holds the real link (keyboard, middle click); a click elsewhere on the row does the same.
  if ((event.target as HTMLElement).closest('a') || getSelection()?.toString()) {
    return;
  }

  location.hash = link;
}

function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" onClick={() => onPage(1)} disabled={page <= 1}>
        First
      </button>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        ← Previous
      </button>
      <span aria-current="page">
        Page {formatCount(page)} of {formatCount(pages)}
      </span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>
        Next →
      </button>
    </nav>
  );
}
