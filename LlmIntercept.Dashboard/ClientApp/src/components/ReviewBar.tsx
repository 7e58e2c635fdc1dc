import { useState } from 'preact/hooks';
import { review, type ReviewAction } from '../queries';
import { messageOf } from '../useAsync';
import { SessionLostError } from '../api';

interface Props {
  id: number;
  starred: boolean;
  excluded: boolean;
  tags: string[];
  onChanged: () => void;
}

/** Review of one request: star it, exclude it from datasets, add or remove tags. */
export function ReviewBar({ id, starred, excluded, tags, onChanged }: Props) {
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const run = async (action: ReviewAction) => {
    setBusy(true);
    setError('');
    try {
      await review({ ids: [id] }, action);
      onChanged();
    } catch (failure) {
      if (!(failure instanceof SessionLostError)) {
        setError(messageOf(failure));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="panel review" aria-label="Review">
      <button type="button" aria-pressed={starred} disabled={busy} onClick={() => run({ kind: 'setStarred', value: !starred })}>
        {starred ? '★ Starred' : '☆ Star'}
      </button>
      <button
        type="button"
        aria-pressed={excluded}
        disabled={busy}
        onClick={() => run({ kind: 'setExcluded', value: !excluded })}
      >
        {excluded ? 'Excluded from datasets · include' : 'Exclude from datasets'}
      </button>
      <ul class="chips" aria-label="Tags">
        {tags.map((name) => (
          <li key={name}>
            {name}
            <button
              type="button"
              class="ghost chip-remove"
              aria-label={`Remove tag ${name}`}
              disabled={busy}
              onClick={() => run({ kind: 'removeTag', tag: name })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        class="add-tag"
        onSubmit={(event) => {
          event.preventDefault();
          if (tag.trim()) {
            void run({ kind: 'addTag', tag: tag.trim() }).then(() => setTag(''));
          }
        }}
      >
        <input
          type="text"
          name="newTag"
          aria-label="New tag"
          placeholder="Add tag"
          size={12}
          value={tag}
          disabled={busy}
          onInput={(event) => setTag(event.currentTarget.value)}
        />
        <button type="submit" disabled={busy || !tag.trim()}>
          Add
        </button>
      </form>
      {error ? <p class="message error" role="alert">{error}</p> : null}
    </div>
  );
}
