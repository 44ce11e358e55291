import { useEffect, useState, type ReactNode } from 'react';
import { bridgeMode } from '../../lib/api';
import {
  forgetHostSession,
  hostSession,
  SIGNED_OUT_EVENT,
  type HostSession,
} from '../../lib/host-session';

function SignInScreen({ ended }: { ended: boolean }) {
  return (
    <main className="sign-in-screen" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Archivist</h1>
      <p>
        {ended
          ? 'Your sign-in has ended. Sign in again to go on where you were.'
          : "Sign in with the station's account to use Archivist."}
      </p>
      <a className="btn btn-primary" href="/auth/login">
        Sign in
      </a>
    </main>
  );
}

function NoToken() {
  return (
    <main className="sign-in-screen" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Archivist</h1>
      <p>
        Open the address that <code>archivist serve</code> printed: it carries this run's token.
      </p>
    </main>
  );
}

/**
 * In a plain browser without the per-run token, the page is a signed-in session's: until the
 * host says who is signed in, it shows the sign-in (or how to open the app), and it comes back
 * here when a call finds the sign-in gone.
 */
export function Gate({ children }: { children: ReactNode }) {
  const sessionMode = bridgeMode() === 'session';
  const [session, setSession] = useState<HostSession | null>(null);
  const [ended, setEnded] = useState(false);

  useEffect(() => {
    if (!sessionMode) return;
    let live = true;
    void hostSession().then((s) => live && setSession(s));
    function onSignedOut() {
      forgetHostSession();
      setEnded(true);
      void hostSession().then((s) => live && setSession(s));
    }
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => {
      live = false;
      window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
    };
  }, [sessionMode]);

  if (!sessionMode) return <>{children}</>;
  if (session === null) return <p className="muted sign-in-screen">Loading…</p>;
  if (session.who !== null) return <>{children}</>;
  return session.signInRequired ? <SignInScreen ended={ended} /> : <NoToken />;
}
