import { useEffect, useRef } from 'react';
import { useAppStore } from '../../stores/app';
import { useSettingsStore } from '../../stores/settings';
import { useShowsStore } from '../../stores/shows';
import { useSyncStore } from '../../stores/sync';
import { DetailPane } from './DetailPane';
import { isFiltered } from './filter';
import { FilterBar, SearchBox } from './FilterBar';
import { formatCount, plural } from './format';
import { pickedCount } from './selection';
import { ShowList } from './ShowList';
import { SyncControls, SyncMessages } from './SyncBar';

/** What the list area says when there is no row to show, and what to do about it. */
function EmptyState() {
  const shown = useShowsStore((s) => s.shown);
  const listError = useShowsStore((s) => s.listError);
  const filter = useShowsStore((s) => s.filter);
  const settings = useSettingsStore((s) => s.view);
  const status = useSyncStore((s) => s.status);
  const go = useAppStore((s) => s.go);

  if (listError) {
    return (
      <div className="empty-state" role="alert">
        <p className="empty-title">The catalog could not be read</p>
        <p>{listError}</p>
        <button type="button" className="btn" onClick={() => useShowsStore.getState().retry()}>
          Try again
        </button>
      </div>
    );
  }
  if (!shown) {
    return (
      <div className="empty-state" role="status">
        <p className="muted">Loading shows…</p>
      </div>
    );
  }
  if (isFiltered(shown.query.filter)) {
    return (
      <div className="empty-state" role="status" data-testid="no-match">
        <p className="empty-title">No show matches</p>
        <p className="muted">
          {filter.text.trim() ? `Nothing matches “${filter.text.trim()}” with these filters. ` : ''}
          Check the spelling, or widen the filters.
        </p>
        <button
          type="button"
          className="btn"
          onClick={() => useShowsStore.getState().clearFilters()}
        >
          Clear filters
        </button>
      </div>
    );
  }
  const c = settings?.settings.cablecast;
  if (c && c.mode === 'server' && c.serverUrl.trim() === '') {
    return (
      <div className="empty-state" role="status" data-testid="no-server">
        <p className="empty-title">No Cablecast server is set up</p>
        <p className="muted">
          The catalog is copied from your station&apos;s Cablecast server. Enter its address and an
          account in Settings (or try the built-in demo server), then sync.
        </p>
        <button type="button" className="btn btn-primary" onClick={() => go('settings')}>
          Open Settings
        </button>
      </div>
    );
  }
  if (status?.running) {
    return (
      <div className="empty-state" role="status">
        <p className="empty-title">The first sync is running</p>
        <p className="muted">Shows appear here as they are copied. The progress is shown above.</p>
      </div>
    );
  }
  return (
    <div className="empty-state" role="status" data-testid="catalog-empty">
      <p className="empty-title">The catalog is empty</p>
      <p className="muted">
        Press <strong>Sync now</strong> to copy the station&apos;s shows from Cablecast. A large
        station takes a few seconds; you can search while it runs.
      </p>
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => void useSyncStore.getState().syncNow()}
        disabled={!status}
      >
        Sync now
      </button>
    </div>
  );
}

/** Counts, and the selection's actions. */
function StatusLine() {
  const shown = useShowsStore((s) => s.shown);
  const selection = useShowsStore((s) => s.selection);
  const pageError = useShowsStore((s) => s.pageError);
  const listError = useShowsStore((s) => s.listError);
  const catalogCount = useSyncStore((s) => s.status?.showCount ?? null);
  const total = shown?.total ?? 0;
  const count = pickedCount(selection.picked, total);
  const filtered = shown ? isFiltered(shown.query.filter) : false;

  return (
    <div className="status-line">
      <span data-testid="match-count" aria-live="polite">
        {shown
          ? filtered && catalogCount !== null
            ? `${plural(total, 'show')} match of ${formatCount(catalogCount)}`
            : plural(total, 'show')
          : ''}
      </span>
      {count > 0 ? (
        <>
          <span className="sep" aria-hidden="true">
            ·
          </span>
          <span data-testid="selected-count" className="selected-count" aria-live="polite">
            {formatCount(count)} selected
          </span>
          <button
            type="button"
            className="link"
            onClick={() => useShowsStore.getState().clearSelection()}
          >
            Clear selection
          </button>
        </>
      ) : null}
      {total > 0 && count < total ? (
        <button type="button" className="link" onClick={() => useShowsStore.getState().selectAll()}>
          Select all {formatCount(total)} matching
        </button>
      ) : null}
      {shown && listError ? (
        <span className="page-error" role="alert">
          The list could not be refreshed: {listError}{' '}
          <button type="button" className="link" onClick={() => useShowsStore.getState().retry()}>
            Try again
          </button>
        </span>
      ) : pageError ? (
        <span className="page-error" role="alert">
          Some rows could not be loaded: {pageError}{' '}
          <button type="button" className="link" onClick={() => useShowsStore.getState().retry()}>
            Try again
          </button>
        </span>
      ) : null}
    </div>
  );
}

export function ShowsScreen() {
  const searchRef = useRef<HTMLInputElement>(null);
  const settingsView = useSettingsStore((s) => s.view);

  useEffect(() => {
    useShowsStore.getState().start();
    void useSyncStore.getState().load();
    if (!settingsView) void useSettingsStore.getState().load();
    // Only on arrival: the stores keep themselves current from the core's events.
  }, []);

  useEffect(() => {
    // Ctrl+F (Cmd+F) jumps to the search box, as in most desktop apps.
    function onKey(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="screen shows-screen" aria-labelledby="screen-title">
      <header className="shows-head">
        <h1 id="screen-title">Shows</h1>
        <SearchBox inputRef={searchRef} />
        <SyncControls />
      </header>
      <SyncMessages />
      <FilterBar />
      <div className="shows-body">
        <div className="list-pane">
          <ShowList emptyState={<EmptyState />} />
          <StatusLine />
        </div>
        <DetailPane />
      </div>
    </section>
  );
}
