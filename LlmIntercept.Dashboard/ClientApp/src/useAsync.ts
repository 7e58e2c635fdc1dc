import { useEffect, useState } from 'preact/hooks';
import { SessionLostError } from './api';

export interface AsyncState<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
}

/** Runs `load` whenever `key` changes; a late answer to an older key is dropped. */
export function useAsync<T>(load: () => Promise<T>, key: string): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ data: undefined, error: undefined, loading: true });
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    load().then(
      (data) => current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => {
        // A lost session is handled once, by the app shell, which shows the sign-in page.
        if (current && !(error instanceof SessionLostError)) {
          setState({ data: undefined, error: messageOf(error), loading: false });
        }
      },
    );
    return () => {
      current = false;
    };
  }, [key]);
  return state;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
