import { lazy, Suspense, useEffect } from 'react';
import { signOutOfHost } from '../../lib/host-session';
import { useAppStore } from '../../stores';
import { SCREENS, type ScreenId } from '../../stores/app';
import { AuditScreen } from '../audit/AuditScreen';
import { Notices } from '../notices/Notices';
import { HealthScreen } from '../health/HealthScreen';
import { BatchDialog } from '../publish/BatchDialog';
import { PlanDialog } from '../publish/PlanDialog';
import { PublishScreen } from '../publish/PublishScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { ShowsScreen } from '../shows/ShowsScreen';
import { TranscriptionsScreen } from '../transcriptions/TranscriptionsScreen';

// The charting library is most of its weight: loaded when the screen is first opened.
const AnalyticsScreen = lazy(() =>
  import('../analytics/AnalyticsScreen').then((m) => ({ default: m.AnalyticsScreen })),
);

/** Screens that lay out their own scrolling areas (a list beside a detail pane). */
const FILL_SCREENS: ReadonlySet<ScreenId> = new Set(['shows', 'transcriptions', 'publish']);

function Screen({ id }: { id: ScreenId }) {
  switch (id) {
    case 'settings':
      return <SettingsScreen />;
    case 'shows':
      return <ShowsScreen />;
    case 'transcriptions':
      return <TranscriptionsScreen />;
    case 'publish':
      return <PublishScreen />;
    case 'analytics':
      return (
        <Suspense fallback={<p className="muted screen">Loading the charts…</p>}>
          <AnalyticsScreen />
        </Suspense>
      );
    case 'health':
      return <HealthScreen />;
    case 'audit':
      return <AuditScreen />;
  }
}

export function App() {
  const screen = useAppStore((s) => s.screen);
  const go = useAppStore((s) => s.go);
  const info = useAppStore((s) => s.info);
  const who = useAppStore((s) => s.who);
  const admin = who === null || who.access.includes('admin');
  const screens = SCREENS.filter((s) => admin || s.id !== 'audit');
  const loadInfo = useAppStore((s) => s.loadInfo);

  useEffect(() => {
    void loadInfo();
  }, [loadInfo]);

  useEffect(() => {
    // Alt+1…6 switch screens from anywhere, as in most desktop apps with a sidebar.
    function onKey(event: KeyboardEvent) {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const target = SCREENS.find((s) => s.key === event.key);
      if (target) {
        event.preventDefault();
        go(target.id);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  return (
    <div className="app">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ▣
          </span>
          <span>Archivist</span>
        </div>
        <ul>
          {screens.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className={s.id === screen ? 'nav-item active' : 'nav-item'}
                aria-current={s.id === screen ? 'page' : undefined}
                onClick={() => go(s.id)}
                title={`${s.label} (Alt+${s.key})`}
              >
                {s.label}
              </button>
            </li>
          ))}
        </ul>
        {who?.signedIn ? (
          <div className="sidebar-who" aria-label="Signed in">
            <span className="who-name">{who.name}</span>
            <span className="badge" data-testid="who-role">
              {who.role}
            </span>
            <button type="button" className="btn btn-small" onClick={() => void signOutOfHost()}>
              Sign out
            </button>
          </div>
        ) : null}
        <div className="sidebar-foot">
          {info ? (
            <>
              <span>v{info.version}</span>
              {info.demoServerUrl ? <span className="badge badge-demo">Demo server</span> : null}
            </>
          ) : null}
        </div>
      </nav>
      <main className={FILL_SCREENS.has(screen) ? 'content content-fill' : 'content'}>
        <Screen id={screen} />
      </main>
      <PlanDialog />
      <BatchDialog />
      <Notices />
    </div>
  );
}
