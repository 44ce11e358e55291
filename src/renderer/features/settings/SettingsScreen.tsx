import { useEffect } from 'react';
import { useAppStore, useLibraryStore, useSettingsStore } from '../../stores';
import { FoldersPanel } from '../transcriptions/FoldersPanel';
import { ConnectionForm } from './ConnectionForm';
import { ConnectionTestPanel } from './ConnectionTestPanel';
import { DesktopForm } from './DesktopForm';
import { HealthForm } from './HealthForm';
import { NotificationsForm } from './NotificationsForm';
import { PublishingForm } from './PublishingForm';
import { SchedulesPanel } from './SchedulesPanel';
import { SettingsFileBar } from './SettingsFileBar';
import { SignInForm } from './SignInForm';
import { StationHostForm } from './StationHostForm';
import { TokensPanel } from './TokensPanel';
import { WebhooksPanel } from './WebhooksPanel';

/** The cards in screen order, by their headings' ids; `admin`: shown to admins only. */
const SECTIONS: { id: string; label: string; admin?: boolean }[] = [
  { id: 'conn-title', label: 'Cablecast connection' },
  { id: 'tx-folders-title', label: 'Storage folders' },
  { id: 'publishing-title', label: 'Publishing' },
  { id: 'notifications-title', label: 'Notifications' },
  { id: 'health-title', label: 'Health thresholds' },
  { id: 'schedules-title', label: 'Schedules' },
  { id: 'webhooks-title', label: 'Webhooks', admin: true },
  { id: 'tokens-title', label: 'API tokens', admin: true },
  { id: 'sso-title', label: 'Sign-in', admin: true },
  { id: 'host-title', label: 'Station host', admin: true },
  { id: 'desktop-title', label: 'Desktop app', admin: true },
];

/** The screen is long: a row of its sections, each scrolling its card into view. */
function SectionIndex({ admin }: { admin: boolean }) {
  return (
    <nav className="settings-index" aria-label="Settings sections">
      {SECTIONS.filter((section) => admin || !section.admin).map((section) => (
        <button
          key={section.id}
          type="button"
          className="btn btn-small"
          // Named as a way to the card, so it is never taken for the card's own buttons.
          aria-label={`Go to ${section.label}`}
          onClick={() => document.getElementById(section.id)?.scrollIntoView({ block: 'start' })}
        >
          {section.label}
        </button>
      ))}
    </nav>
  );
}

export function SettingsScreen() {
  const view = useSettingsStore((s) => s.view);
  const loading = useSettingsStore((s) => s.loading);
  const loadError = useSettingsStore((s) => s.loadError);
  const load = useSettingsStore((s) => s.load);
  const who = useAppStore((s) => s.who);
  const admin = who === null || who.access.includes('admin');

  useEffect(() => {
    void load();
    // The storage folders section reads the library's status (and keeps it current).
    void useLibraryStore.getState().loadStatus();
  }, [load]);

  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-head">
        <h1 id="screen-title">Settings</h1>
        {view ? <SettingsFileBar /> : null}
      </header>
      {loadError ? (
        <div className="alert alert-error" role="alert">
          <strong>Settings could not be read.</strong> {loadError}{' '}
          <button type="button" className="btn" onClick={() => void load()}>
            Try again
          </button>
        </div>
      ) : null}
      {!view && loading ? <p className="muted">Loading settings…</p> : null}
      {!admin && who ? (
        <p className="alert alert-info" role="note" data-testid="settings-role">
          You are signed in as {who.name}, {who.role === 'viewer' ? 'a viewer' : 'an operator'}: you
          can read the settings, but only an admin may change them.
        </p>
      ) : null}
      {view && view.warnings.length > 0 ? (
        <div className="alert alert-warn" role="alert" aria-label="Settings warnings">
          <ul className="plain-list">
            {view.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {view ? <SectionIndex admin={admin} /> : null}
      {view ? (
        <div className="settings-grid">
          <ConnectionForm view={view} />
          <ConnectionTestPanel />
          <FoldersPanel />
          <PublishingForm view={view} />
          <NotificationsForm view={view} />
          <HealthForm view={view} />
          <SchedulesPanel view={view} />
          {admin ? (
            <>
              <WebhooksPanel view={view} />
              <TokensPanel />
              <SignInForm view={view} />
              <StationHostForm view={view} />
              <DesktopForm view={view} />
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
