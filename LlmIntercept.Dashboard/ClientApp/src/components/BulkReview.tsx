import { useState } from 'preact/hooks';
import { toFilterInput, type Filters } from '../filters';
import { formatCount } from '../format';
import { review, type ReviewAction } from '../queries';
import { messageOf } from '../useAsync';
import { SessionLostError } from '../api';

interface Props {
  filters: Filters;
  total: number;
  onChanged: () => void;
}

/** Review actions on every request the current filter selects, each confirmed first. */
export function BulkReview({ filters, total, onChanged }: Props) {
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async (action: ReviewAction, label: string) => {
    if (!confirm(`${label} for all ${formatCount(total)} matching requests?`)) {
      return;
    }

    setBusy(true);
    setNote(null);
    try {
      const changed = await review({ filter: toFilterInput(filters) }, action);
      setNote({ ok: true, text: `${label}: ${formatCount(changed)} ${changed === 1 ? 'request' : 'requests'} changed.` });
      onChanged();
    } catch (failure) {
      if (!(failure instanceof SessionLostError)) {
        setNote({ ok: false, text: messageOf(failure) });
      }
    } finally {
      setBusy(false);
    }
  };

  const trimmed = tag.trim();
  return (
    <details class="panel bulk">
      <summary>Review all {formatCount(total)} matching requests</summary>
      <div class="bulk-actions">
        <button type="button" disabled={busy} onClick={() => run({ kind: 'setStarred', value: true }, 'Star')}>
          Star
        </button>
        <button type="button" disabled={busy} onClick={() => run({ kind: 'setStarred', value: false }, 'Unstar')}>
          Unstar
        </button>
        <button type="button" disabled={busy} onClick={() => run({ kind: 'setExcluded', value: true }, 'Exclude')}>
          Exclude from datasets
        </button>
        <button type="button" disabled={busy} onClick={() => run({ kind: 'setExcluded', value: false }, 'Include')}>
          Include again
        </button>
        <input
          type="text"
          name="bulkTag"
          aria-label="Tag for all matching requests"
          placeholder="tag"
          size={10}
          value={tag}
          disabled={busy}
          onInput={(event) => setTag(event.currentTarget.value)}
        />
        <button type="button" disabled={busy || !trimmed} onClick={() => run({ kind: 'addTag', tag: trimmed }, `Add tag ${trimmed}`)}>
          Add tag
        </button>
        <button
          type="button"
          disabled={busy || !trimmed}
          onClick={() => run({ kind: 'removeTag', tag: trimmed }, `Remove tag ${trimmed}`)}
        >
          Remove tag
        </button>
      </div>
      {note ? (
        <p class={`message ${note.ok ? 'ok' : 'error'}`} role={note.ok ? 'status' : 'alert'}>
          {note.text}
        </p>
      ) : null}
    </details>
  );
}
