import { useEffect, useState } from 'preact/hooks';
import { hasFilters, noFilters, outcomes, ranges, reviews, type Filters } from '../filters';
import { toLocalInput } from '../format';

interface Props {
  filters: Filters;
  models: string[];
  onApply: (filters: Filters) => void;
}

/** Choices apply at once; typed text (search, custom dates) applies on Enter or with the Apply button. */
export function FilterBar({ filters, models, onApply }: Props) {
  const [draft, setDraft] = useState(filters);
  const key = JSON.stringify(filters);
  useEffect(() => setDraft(filters), [key]);

  const choose = (name: keyof Filters, value: string) => {
    const next = { ...draft, [name]: value };
    if (name === 'range' && value !== 'custom') {
      next.from = '';
      next.to = '';
    }

    setDraft(next);
    if (name !== 'range' || value !== 'custom') {
      onApply(next);
    }
  };

  const type = (name: keyof Filters, value: string) => setDraft({ ...draft, [name]: value });

  // The draft is reset here, not only when the URL's filters come back: a choice made before then would
  // otherwise start from the old draft and bring the cleared filters back.
  const clear = () => {
    setDraft(noFilters);
    onApply(noFilters);
  };
  const custom = draft.range === 'custom' || (!draft.range && (draft.from !== '' || draft.to !== ''));

  return (
    <form
      class="filters"
      role="search"
      aria-label="Filter requests"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft);
      }}
    >
      <label class="field grow">
        <span>Search</span>
        <input
          type="search"
          name="search"
          placeholder="Words in any message…"
          aria-keyshortcuts="/"
          title="Press / to jump here"
          value={draft.search}
          onInput={(event) => type('search', event.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>Time</span>
        <select name="range" value={custom ? 'custom' : draft.range} onChange={(e) => choose('range', e.currentTarget.value)}>
          <option value="">All time</option>
          {Object.entries(ranges).map(([value, range]) => (
            <option key={value} value={value}>
              {range.label}
            </option>
          ))}
          <option value="custom">Custom range…</option>
        </select>
      </label>
      {custom ? (
        <>
          <DateField label="From" value={draft.from} onChange={(value) => type('from', value)} />
          <DateField label="To" value={draft.to} onChange={(value) => type('to', value)} />
        </>
      ) : null}
      <label class="field">
        <span>Model</span>
        <select name="model" value={draft.model} onChange={(e) => choose('model', e.currentTarget.value)}>
          <option value="">All models</option>
          {withCurrent(models, draft.model).map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>Status</span>
        <select name="state" value={draft.state} onChange={(e) => choose('state', e.currentTarget.value)}>
          <option value="">Any status</option>
          <option value="ok">Succeeded</option>
          <option value="error">Failed</option>
          <optgroup label="Outcome">
            {Object.entries(outcomes).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label class="field compact">
        <span>Streamed</span>
        <select name="stream" value={draft.stream} onChange={(e) => choose('stream', e.currentTarget.value)}>
          <option value="">Either</option>
          <option value="true">Streamed</option>
          <option value="false">Not streamed</option>
        </select>
      </label>
      <label class="field compact">
        <span>Tool calls</span>
        <select name="tools" value={draft.tools} onChange={(e) => choose('tools', e.currentTarget.value)}>
          <option value="">Either</option>
          <option value="true">With tool calls</option>
          <option value="false">Without</option>
        </select>
      </label>
      <label class="field compact">
        <span>Tag</span>
        <input
          type="text"
          name="tag"
          placeholder="support"
          value={draft.tag}
          onInput={(event) => type('tag', event.currentTarget.value)}
        />
      </label>
      <label class="field compact">
        <span>Review</span>
        <select name="review" value={draft.review} onChange={(e) => choose('review', e.currentTarget.value)}>
          <option value="">Any</option>
          {Object.entries(reviews).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <div class="filter-actions">
        <button type="submit" class="primary">
          Apply
        </button>
        {hasFilters(filters) ? (
          <button type="button" class="ghost" onClick={clear}>
            Clear
          </button>
        ) : null}
      </div>
    </form>
  );
}

function DateField({ label, value, onChange }: { label: string; value: string; onChange: (iso: string) => void }) {
  return (
    <label class="field">
      <span>{label}</span>
      <input
        type="datetime-local"
        name={label.toLowerCase()}
        value={value ? toLocalInput(value) : ''}
        onChange={(event) => {
          const local = event.currentTarget.value;
          onChange(local ? new Date(local).toISOString() : '');
        }}
      />
    </label>
  );
}

function withCurrent(models: string[], current: string): string[] {
  return current && !models.includes(current) ? [...models, current] : models;
}
