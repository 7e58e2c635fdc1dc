// Every bundled module lives in assets/, one folder below the page, so the service's base path
// ("/" or "/admin/") is the parent of this module's own URL, whatever address the page was opened at.
const base = new URL(/* @vite-ignore */ '../', import.meta.url);

export function apiUrl(path: string): string {
  return new URL(path, base).toString();
}

/** Thrown when the service answers 401: the session expired or was signed out elsewhere. */
export class SessionLostError extends Error {
  constructor() {
    super('Your session has ended. Sign in again to continue.');
  }
}

/** A failure worth showing to the person as it is. */
export class ApiError extends Error {}

type SessionListener = () => void;
const sessionListeners = new Set<SessionListener>();

export function onSessionLost(listener: SessionListener): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

export function sessionLost(): SessionLostError {
  sessionListeners.forEach((listener) => listener());
  return new SessionLostError();
}

// Every state-changing POST carries this header; a cross-site form cannot send it.
export const jsonHeaders = { 'Content-Type': 'application/json', 'X-Requested-With': 'fetch' };

interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

export async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await send(apiUrl('graphql'), { query, variables });
  if (response.status === 401) {
    throw sessionLost();
  }

  const body = (await readJson(response)) as { data?: T; errors?: GraphQLError[] } | null;
  if (body?.errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED')) {
    throw sessionLost();
  }

  if (body?.errors?.length) {
    throw new ApiError(body.errors.map((error) => error.message).join(' '));
  }

  if (!response.ok || !body?.data) {
    throw new ApiError(`The dashboard answered ${response.status} ${response.statusText}.`);
  }

  return body.data;
}

export async function signIn(password: string): Promise<void> {
  const response = await send(apiUrl('auth/login'), { password });
  if (response.ok) {
    return;
  }

  const body = (await readJson(response)) as { error?: string } | null;
  if (body?.error) {
    throw new ApiError(body.error);
  }

  throw new ApiError(
    response.status === 401 ? 'Wrong password.' : `Sign-in failed: the dashboard answered ${response.status}.`,
  );
}

export async function signOut(): Promise<void> {
  await send(apiUrl('auth/logout'), {});
}

export async function isSignedIn(): Promise<boolean> {
  const response = await fetch(apiUrl('auth/session'), { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) {
    throw new ApiError(`The dashboard answered ${response.status} when asked for the session.`);
  }

  const body = (await readJson(response)) as { authenticated?: boolean } | null;
  return body?.authenticated === true;
}

export function send(url: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: jsonHeaders,
    body: JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  }).catch((error: unknown) => {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }

    throw new ApiError('The dashboard cannot be reached. Check that it is running, then retry.');
  });
}

export async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}
