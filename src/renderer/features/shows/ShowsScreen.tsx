import { useEffect } from 'react';
import { EmptyState, ErrorState, LoadingState } from '../../components/EmptyState';
import { SelectedCount } from '../../components/ListSelection';
import { RetryAlert } from '../../components/RetryAlert';
import { useFindShortcut } from '../../hooks/use-find-shortcut';
import {
  useAppStore,
  usePublishStore,
  useSettingsStore,
  useShowEditsStore,
  useShowsStore,
  useSyncStore,
} from '../../stores';
import { DetailPane } from './DetailPane';
import { isFiltered } from './filter';
import { FilterBar, SearchBox } from './FilterBar';
import { formatCount, plural } from './format';
import { pickedCount } from '../../lib/selection';
import { ShowList } from './ShowList';
import { SyncControls, SyncMessages } from './SyncBar';

/** What the list area says when there is no row to show, and what to do about it. */
function ListEmptyState() {
  const shown = useShowsStore((s) => s.shown);
  const listError = useShowsStore((s) => s.listError);
  const filter = useShowsStore((s) => s.filter);
  const settings = useSettingsStore((s) => s.view);
  const status = useSyncStore((s) => s.status);
  const go = useAppStore((s) => s.go);

  if (listError) {
    return (
      <ErrorState
        title="The catalog could not be read"
        error={listError}
        onRetry={() => useShowsStore.getState().retry()}
      />
    );
  }
  if (!shown) return <LoadingState text="Loading shows…" />;
  if (isFiltered(shown.query.filter)) {
    return (
      <EmptyState
        title="No show matches"
        testId="no-match"
        action={{ label: 'Clear filters', onClick: () => useShowsStore.getState().clearFilters() }}
      >
        {filter.text.trim() ? `Nothing matches “${filter.text.trim()}” with these filters. ` : ''}
        Check the spelling, or widen the filters.
      </EmptyState>
    );
  }
  const c = settings?.settings.cablecast;
  if (c && c.mode === 'server' && c.serverUrl.trim() === '') {
    return (
      <EmptyState
        title="No Cablecast server is set up"
        testId="no-server"
        action={{ label: 'Open Settings', primary: true, onClick: () => go('settings') }}
      >
        The catalog is copied from your station&apos;s Cablecast server. Enter its address and an
        account in Settings (or try the built-in demo server), then sync.
      </EmptyState>
    );
  }
  if (status?.running) {
    return (
      <EmptyState title="The first sync is running">
        Shows appear here as they are copied. The progress is shown above.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      title="The catalog is empty"
      testId="catalog-empty"
      action={{
        label: 'Sync now',
        primary: true,
        onClick: () => void useSyncStore.getState().syncNow(),
        disabled: !status,
      }}
    >
      Press <strong>Sync now</strong> to copy the station&apos;s shows from Cablecast. A large
      station takes a few seconds; you can search while it runs.
    </EmptyState>
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
        <SelectedCount
          count={formatCount(count)}
          onClear={() => useShowsStore.getState().clearSelection()}
        />
      ) : null}
      {total > 0 && count < total ? (
        <button type="button" className="link" onClick={() => useShowsStore.getState().selectAll()}>
          Select all {formatCount(total)} matching
        </button>
      ) : null}
      {count > 0 ? (
        <span className="status-actions">
          <button
            type="button"
            className="btn btn-primary btn-small"
            data-testid="publish-picked"
            title="Publish the recordings linked to the selected shows"
            onClick={() => {
              void useShowsStore
                .getState()
                .selectedIds()
                .then(
                  (showIds) => usePublishStore.getState().openPlan({ showIds }),
                  // The ids of "all matching" could not be read: the status line says why.
                  () => undefined,
                );
            }}
          >
            Publish {formatCount(count)}
          </button>
        </span>
      ) : null}
      {shown && listError ? (
        <RetryAlert inline className="page-error" onRetry={() => useShowsStore.getState().retry()}>
          The list could not be refreshed: {listError}
        </RetryAlert>
      ) : pageError ? (
        <RetryAlert inline className="page-error" onRetry={() => useShowsStore.getState().retry()}>
          Some rows could not be loaded: {pageError}
        </RetryAlert>
      ) : null}
    </div>
  );
}

export function ShowsScreen() {
  const searchRef = useFindShortcut();
  const settingsView = useSettingsStore((s) => s.view);

  useEffect(() => {
    useShowsStore.getState().start();
    void useShowEditsStore.getState().loadCounts();
    void useSyncStore.getState().load();
    if (!settingsView) void useSettingsStore.getState().load();
    // Only on arrival: the stores keep themselves current from the core's events.
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
          <ShowList emptyState={<ListEmptyState />} />
          <StatusLine />
        </div>
        <DetailPane />
      </div>
    </section>
  );
}
