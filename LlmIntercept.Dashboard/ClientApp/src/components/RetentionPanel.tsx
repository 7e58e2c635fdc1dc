import { useState } from 'preact/hooks';
import { formatCount } from '../format';
import { pruneRequests } from '../queries';
import { messageOf } from '../useAsync';
import { SessionLostError } from '../api';

/** Deletes old requests from the store (and compacts a SQLite file), after a confirmation. */
export function RetentionPanel() {
  const [days, setDays] = useState('90');
  const [keepTagged, setKeepTagged] = useState(true);
  const [keepStarred, setKeepStarred] = useState(true);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const olderThan = Number.parseInt(days, 10);
  const valid = Number.isInteger(olderThan) && olderThan >= 1;

  const prune = async (event: Event) => {
    event.preventDefault();
    const kept = [keepTagged ? 'tagged' : '', keepStarred ? 'starred' : ''].filter(Boolean).join(' and ');
    if (!valid || !confirm(`Delete every request older than ${olderThan} days${kept ? ` except ${kept} ones` : ''}? This cannot be undone.`)) {
      return;
    }

    setBusy(true);
    setNote(null);
    try {
      const result = await pruneRequests(olderThan, keepTagged, keepStarred);
      setNote({
        ok: true,
        text: `Deleted ${formatCount(result.deleted)} ${result.deleted === 1 ? 'request' : 'requests'}${result.vacuumed ? '; the database file was compacted' : ''}.`,
      });
    } catch (failure) {
      if (!(failure instanceof SessionLostError)) {
        setNote({ ok: false, text: messageOf(failure) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel retention" aria-labelledby="retention-title" onSubmit={prune}>
      <h2 id="retention-title">Retention</h2>
      <label class="field">
        <span>Delete requests older than (days)</span>
        <input type="number" name="olderThanDays" min={1} value={days} disabled={busy} onInput={(e) => setDays(e.currentTarget.value)} />
      </label>
      <label class="check">
        <input type="checkbox" name="keepTagged" checked={keepTagged} disabled={busy} onChange={(e) => setKeepTagged(e.currentTarget.checked)} />
        Keep tagged requests
      </label>
      <label class="check">
        <input type="checkbox" name="keepStarred" checked={keepStarred} disabled={busy} onChange={(e) => setKeepStarred(e.currentTarget.checked)} />
        Keep starred requests
      </label>
      <div class="filter-actions">
        <button type="submit" class="danger" disabled={busy || !valid}>
          {busy ? 'Pruning…' : 'Prune'}
        </button>
      </div>
      {note ? (
        <p class={`message ${note.ok ? 'ok' : 'error'}`} role={note.ok ? 'status' : 'alert'}>
          {note.text}
        </p>
      ) : null}
    </form>
  );
}
