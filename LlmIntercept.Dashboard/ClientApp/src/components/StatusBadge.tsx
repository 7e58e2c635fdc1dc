import { outcomes } from '../filters';

/** Green for a finished reply, red for every failure; the words say which, so colour is never alone. */
export function StatusBadge({ status, outcome, statusCode }: { status: string; outcome: string; statusCode?: number | null }) {
  const ok = status === 'ok';
  const label = outcome === 'complete' ? 'OK' : (outcomes[outcome] ?? outcome);
  return (
    <span class={`badge ${ok ? 'ok' : 'error'}`} title={statusCode ? `HTTP ${statusCode}` : undefined}>
      {label}
    </span>
  );
}
