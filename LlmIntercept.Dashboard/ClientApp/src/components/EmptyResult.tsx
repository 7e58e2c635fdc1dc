export function EmptyResult({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <div class="empty" role="status">
      <h2>{filtered ? 'No requests match these filters' : 'No requests captured yet'}</h2>
      <p class="muted">
        {filtered
          ? 'Widen the time range or clear a filter.'
          : 'Point an OpenAI-compatible client at the proxy; its requests appear here.'}
      </p>
      {filtered ? (
        <button type="button" onClick={onClear}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
