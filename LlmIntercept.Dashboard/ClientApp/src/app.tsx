import { useEffect, useState } from 'preact/hooks';
import { isSignedIn, onSessionLost } from './api';
import { SignIn } from './views/SignIn';
import { Shell } from './views/Shell';
import { messageOf } from './useAsync';

type Session = 'checking' | 'in' | 'out';

export function App() {
  const [session, setSession] = useState<Session>('checking');
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    isSignedIn().then(
      (signedIn) => setSession(signedIn ? 'in' : 'out'),
      (error: unknown) => {
        setNotice(messageOf(error));
        setSession('out');
      },
    );
    return onSessionLost(() => {
      setNotice('Your session has ended. Sign in again to continue.');
      setSession('out');
    });
  }, []);

  if (session === 'checking') {
    return <p class="splash" role="status">Loading…</p>;
  }

  if (session === 'out') {
    return (
      <SignIn
        notice={notice}
        onSignedIn={() => {
          setNotice(undefined);
          setSession('in');
        }}
      />
    );
  }

  return (
    <Shell
      onSignedOut={() => {
        setNotice('You signed out.');
        setSession('out');
      }}
    />
  );
}
