import { useState } from 'preact/hooks';
import { signIn } from '../api';
import { messageOf } from '../useAsync';

interface Props {
  notice?: string;
  onSignedIn: () => void;
}

export function SignIn({ notice, onSignedIn }: Props) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(password);
      onSignedIn();
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  };

  return (
    <main class="signin">
      <form class="signin-card" onSubmit={submit} aria-describedby="signin-message">
        <h1 class="brand">
          <span class="brand-mark" aria-hidden="true" />
          LLM Intercept
        </h1>
        <p class="muted">Sign in to browse captured traffic.</p>
        <div id="signin-message" role="alert">
          {error ? <p class="message error">{error}</p> : notice ? <p class="message info">{notice}</p> : null}
        </div>
        <label class="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            autofocus
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </label>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
