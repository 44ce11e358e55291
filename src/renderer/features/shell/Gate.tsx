import { useEffect, useState, type ReactNode } from 'react';
import { bridgeMode } from '../../lib/api';
import {
  forgetHostSession,
  hostSession,
  signInFromDesktop,
  SIGNED_OUT_EVENT,
  type HostSession,
} from '../../lib/host-session';

function SignInScreen({ ended, onSignedIn }: { ended: boolean; onSignedIn: () => void }) {
  const desktop = bridgeMode() === 'electron';
  const [waiting, setWaiting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <main className="sign-in-screen" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Archivist</h1>
      <p>
        {ended
          ? 'Your sign-in has ended. Sign in again to go on where you were.'
          : "Sign in with the station's account to use Archivist."}
      </p>
      {desktop ? (
        <>
          <button
            type="button"
            className="btn btn-primary"
            disabled={waiting}
            onClick={() => {
              setWaiting(true);
              setProblem(null);
              void signInFromDesktop().then((message) => {
                setWaiting(false);
                if (message === null) onSignedIn();
                else setProblem(message);
              });
            }}
          >
            Sign in
          </button>
          {waiting ? (
            <p className="muted" role="status">
              Finish signing in in your browser; this window goes on by itself.
            </p>
          ) : null}
          {problem ? (
            <p className="alert alert-error" role="alert">
              {problem}
            </p>
          ) : null}
        </>
      ) : (
        <a className="btn btn-primary" href="/auth/login">
          Sign in
        </a>
      )}
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
  // A page with the per-run token is the local user's; the desktop app asks its main process.
  const sessionMode = bridgeMode() !== 'token';
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
    function onFocus() {
      // A session can end while the window sat in the background.
      forgetHostSession();
      void hostSession().then((s) => live && setSession(s));
    }
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    window.addEventListener('focus', onFocus);
    return () => {
      live = false;
      window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
      window.removeEventListener('focus', onFocus);
    };
  }, [sessionMode]);

  if (!sessionMode) return <>{children}</>;
  if (session === null) return <p className="muted sign-in-screen">Loading…</p>;
  if (session.who !== null || (bridgeMode() === 'electron' && !session.signInRequired)) {
    return <>{children}</>;
  }
  return session.signInRequired ? (
    <SignInScreen
      ended={ended}
      onSignedIn={() => {
        forgetHostSession();
        setEnded(false);
        void hostSession().then(setSession);
      }}
    />
  ) : (
    <NoToken />
  );
}
