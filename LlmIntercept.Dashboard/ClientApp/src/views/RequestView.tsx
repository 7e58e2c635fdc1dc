import { useMemo, useState } from 'preact/hooks';
import { readConversation } from '../conversation';
import { formatCount, formatDateTime, formatMs } from '../format';
import { fetchRequest, type RequestDetail } from '../queries';
import { useAsync } from '../useAsync';
import { Conversation } from '../components/Conversation';
import { JsonBlock } from '../components/JsonBlock';
import { StatusBadge } from '../components/StatusBadge';
import { ReviewBar } from '../components/ReviewBar';

export function RequestView({ id, backHref }: { id: number; backHref: string }) {
  const [version, setVersion] = useState(0);
  const { data, error, loading } = useAsync(() => fetchRequest(id), `${id}|${version}`);

  return (
    <section aria-labelledby="request-title" aria-busy={loading}>
      <a class="back" href={backHref}>
        ← All requests
      </a>
      <div class="page-head">
        <h1 id="request-title">Request #{id}</h1>
        {data ? (
          <p class="request-line">
            <StatusBadge status={data.status} outcome={data.outcome} statusCode={data.statusCode} />
            <span>{data.model ?? 'unknown model'}</span>
            <span class="muted">{formatDateTime(data.timestamp)}</span>
            <span class="muted">{formatMs(data.responseTimeMs)}</span>
          </p>
        ) : null}
      </div>
      {error ? <p class="message error" role="alert">{error}</p> : null}
      {loading && !data ? <p class="muted" role="status">Loading request…</p> : null}
      {data === null && !loading ? (
        <div class="empty" role="status">
          <h2>Request #{id} is not in the store</h2>
          <p class="muted">It may have been deleted or pruned.</p>
        </div>
      ) : null}
      {data ? (
        <ReviewBar
          id={id}
          starred={data.starred}
          excluded={data.excluded}
          tags={data.tags}
          onChanged={() => setVersion((v) => v + 1)}
        />
      ) : null}
      {data ? <Detail request={data} /> : null}
    </section>
  );
}

function Detail({ request }: { request: RequestDetail }) {
  const messages = useMemo(() => readConversation(request), [request]);
  return (
    <div class="detail">
      <div class="detail-main">
        <Conversation messages={messages} />
        <div class="raws">
          <JsonBlock title="Error" value={request.error} />
          <JsonBlock title="Tool definitions" value={request.tools} />
          <JsonBlock title="Raw request" value={request.requestBody} />
          <JsonBlock title="Response" value={request.response} />
          <JsonBlock title="Raw event stream" value={request.responseBody} raw />
          <JsonBlock title="Usage" value={request.usage} />
          <JsonBlock title="Stream metadata" value={request.streamMetadata} />
          <JsonBlock title="Response headers" value={request.responseHeaders} />
        </div>
      </div>
      <aside class="panel meta" aria-label="Metadata">
        <h2>Metadata</h2>
        <dl>
          {metadata(request).map(([label, value]) =>
            value == null || value === '' ? null : (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ),
          )}
        </dl>
      </aside>
    </div>
  );
}

function metadata(r: RequestDetail): [string, string | null][] {
  const flag = (value: boolean | null) => (value == null ? null : value ? 'yes' : 'no');
  return [
    ['Outcome', r.outcome],
    ['HTTP status', r.statusCode?.toString() ?? null],
    ['Finish reason', r.finishReason],
    ['Response time', formatMs(r.responseTimeMs)],
    ['Time to first byte', r.timeToFirstByteMs == null ? null : formatMs(r.timeToFirstByteMs)],
    ['Tokens in', r.promptTokens == null ? null : formatCount(r.promptTokens)],
    ['Tokens out', r.completionTokens == null ? null : formatCount(r.completionTokens)],
    ['Tokens total', r.totalTokens == null ? null : formatCount(r.totalTokens)],
    ['Streamed', flag(r.stream)],
    ['[DONE] received', r.stream ? flag(r.doneReceived) : null],
    ['Keep-alives', r.keepAliveCount ? formatCount(r.keepAliveCount) : null],
    ['Tool calls', flag(r.hasToolCalls)],
    ['Tool arguments valid', r.hasToolCalls ? flag(r.toolArgumentsValid) : null],
    ['Tool choice', r.toolChoice],
    ['Response model', r.responseModel],
    ['Response id', r.responseId],
    ['Temperature', r.temperature?.toString() ?? null],
    ['Max tokens', r.maxTokens?.toString() ?? null],
    ['Top p', r.topP?.toString() ?? null],
    ['Frequency penalty', r.frequencyPenalty?.toString() ?? null],
    ['Presence penalty', r.presencePenalty?.toString() ?? null],
    ['Upstream', r.upstreamUrl],
    ['API key hash', r.apiKeyHash],
    ['Session', r.sessionId],
  ];
}
