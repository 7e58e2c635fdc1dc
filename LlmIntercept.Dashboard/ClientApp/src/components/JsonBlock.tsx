import { useState } from 'preact/hooks';
import { formatBytes, prettyJson } from '../format';

interface Props {
  title: string;
  value: string | null | undefined;
  raw?: boolean;
}

/** A collapsed block of captured JSON (or raw text), formatted only once it is opened: bodies can be large. */
export function JsonBlock({ title, value, raw }: Props) {
  const [open, setOpen] = useState(false);
  if (!value) {
    return null;
  }

  return (
    <details class="raw" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        {title} <span class="muted">{formatBytes(new TextEncoder().encode(value).length)}</span>
      </summary>
      {open ? <pre class="code">{raw ? value : prettyJson(value)}</pre> : null}
    </details>
  );
}
