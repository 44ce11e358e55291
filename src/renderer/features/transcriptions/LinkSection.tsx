import { useEffect, useId, useRef, useState } from 'react';
import type { ShowRow } from '../../../shared/catalog';
import type { RecordingDetail } from '../../../shared/library';
import { api, errorMessage } from '../../lib/api';
import { SearchInput } from '../../components/SearchInput';
import { useAppStore, useLibraryStore } from '../../stores';
import { formatDateTime, formatInstant, formatRunTime } from '../shows/format';
import { formatScore, linkMethodLabel } from './format';

const SEARCH_DELAY_MS = 150;

/** "Pick another show…": search the local catalog, link the one picked. */
function ShowPicker({ onDone }: { onDone: () => void }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ text: string; rows: ShowRow[]; total: number } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  const busy = useLibraryStore((s) => s.linkBusy);
  const go = useAppStore((s) => s.go);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const seq = useRef(0);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  useEffect(() => {
    const mine = ++seq.current;
    const timer = setTimeout(
      () => {
        api
          .call('shows.search', {
            filter: { text: text.trim() },
            sort: { field: 'eventDate', direction: 'desc' },
            offset: 0,
            limit: 25,
          })
          .then(
            (page) => {
              if (mine !== seq.current) return;
              setResult({ text: text.trim(), rows: page.rows, total: page.total });
              setError(null);
            },
            (e: unknown) => {
              if (mine === seq.current) setError(errorMessage(e));
            },
          );
      },
      text === '' ? 0 : SEARCH_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <div className="tx-picker" role="group" aria-label="Pick another show">
      <SearchInput
        id={inputId}
        inputRef={inputRef}
        label="Search shows to link"
        placeholder="Search the catalog by title, date words, producer…"
        value={text}
        onChange={setText}
        onEscapeEmpty={onDone}
      />
      {error ? (
        <p className="alert alert-error" role="alert">
          The catalog could not be searched: {error}
        </p>
      ) : null}
      {result && result.rows.length === 0 ? (
        result.text === '' ? (
          <p className="muted">
            The catalog is empty: sync the shows from Cablecast first.{' '}
            <button type="button" className="link" onClick={() => go('shows')}>
              Open Shows
            </button>
          </p>
        ) : (
          <p className="muted">No show matches “{result.text}”. Try fewer or other words.</p>
        )
      ) : null}
      {result && result.rows.length > 0 ? (
        <>
          <ul className="tx-picker-list" aria-label="Shows found" data-testid="picker-results">
            {result.rows.map((show) => (
              <li key={show.id}>
                <div className="tx-picker-info">
                  <span className="tx-show-title">{show.title}</span>
                  <span className="tx-sub">
                    {[
                      formatDateTime(show.eventDate),
                      formatRunTime(show.totalRunTime),
                      `show ${show.id}`,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </div>
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={busy}
                  aria-label={`Link to ${show.title} (show ${show.id})`}
                  onClick={() =>
                    void useLibraryStore
                      .getState()
                      .link(show.id)
                      .then((ok) => {
                        if (ok) onDone();
                      })
                  }
                >
                  Link
                </button>
              </li>
            ))}
          </ul>
          {result.total > result.rows.length ? (
            <p className="muted tx-picker-more">
              {result.rows.length} of {result.total} shown: type more words to narrow.
            </p>
          ) : null}
        </>
      ) : null}
      <button type="button" className="link" onClick={onDone}>
        Close the search
      </button>
    </div>
  );
}

/** The recording's show: the link, or ranked suggestions to confirm. Nothing links by itself. */
export function LinkSection({ detail }: { detail: RecordingDetail }) {
  const busy = useLibraryStore((s) => s.linkBusy);
  const linkError = useLibraryStore((s) => s.linkError);
  const [picking, setPicking] = useState(false);
  const link = detail.link;
  const others = detail.suggestions.filter((s) => s.showId !== link?.showId);

  return (
    <section
      className="detail-section tx-link"
      aria-labelledby="tx-link-title"
      data-testid="link-section"
    >
      <h3 id="tx-link-title">Show</h3>
      {link ? (
        <div className="tx-linked" data-testid="linked-show">
          <p className="tx-linked-line">
            Linked to <strong>{link.showTitle ?? `show ${link.showId}`}</strong>{' '}
            <span className="muted">(show {link.showId})</span>
          </p>
          <p className="muted tx-linked-how">
            {link.method === 'file-key'
              ? 'By the Cablecast file key in the file name'
              : 'Confirmed by an operator'}{' '}
            · {linkMethodLabel(link.method)} · {formatInstant(link.linkedAt)}
          </p>
          {link.showMissing ? (
            <p className="alert alert-warn" role="note">
              This show is no longer in the catalog (deleted on the server, or not synced). Link the
              recording to another show, or sync the catalog.
            </p>
          ) : null}
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() => void useLibraryStore.getState().unlink()}
          >
            Unlink
          </button>
        </div>
      ) : (
        <p className="muted">
          Not linked to a show. Confirm the right suggestion, or pick the show by search.
        </p>
      )}
      {linkError ? (
        <p className="alert alert-error" role="alert">
          {linkError}
        </p>
      ) : null}
      {others.length > 0 ? (
        <>
          <h4 className="tx-subhead">{link ? 'Other candidates' : 'Suggestions'}</h4>
          <ol className="tx-suggestions" aria-label="Suggested shows">
            {others.map((s) => (
              <li
                key={s.showId}
                className="tx-suggestion"
                data-testid="suggestion"
                data-show-id={s.showId}
              >
                <div className="tx-suggestion-head">
                  <span className="tx-show-title">{s.title}</span>
                  <span
                    className={`badge ${s.isCertain ? 'tone-ok' : s.score >= 0.7 ? 'tone-info' : 'tone-muted'}`}
                    title="How well the file name, date and length match this show"
                  >
                    {s.method === 'file-key' ? 'file key' : `score ${formatScore(s.score)}`}
                  </span>
                </div>
                <span className="tx-sub">
                  {[
                    formatDateTime(s.eventDate),
                    s.totalRunTime !== null ? `run time ${formatRunTime(s.totalRunTime)}` : '',
                    `show ${s.showId}`,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                {s.reasons.length > 0 ? (
                  <ul className="tx-reasons">
                    {s.reasons.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                ) : null}
                <button
                  type="button"
                  className={link ? 'btn btn-small' : 'btn btn-small btn-primary'}
                  disabled={busy}
                  aria-label={`${link ? 'Link instead to' : 'Confirm link to'} ${s.title} (show ${s.showId})`}
                  onClick={() => void useLibraryStore.getState().link(s.showId)}
                >
                  {link ? 'Link instead' : 'Confirm'}
                </button>
              </li>
            ))}
          </ol>
        </>
      ) : !link ? (
        <p className="muted">No show in the catalog looks like this recording.</p>
      ) : null}
      {detail.suggestionNotes.length > 0 ? (
        <ul className="tx-notes muted">
          {detail.suggestionNotes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      {picking ? (
        <ShowPicker onDone={() => setPicking(false)} />
      ) : (
        <button type="button" className="btn btn-small tx-pick" onClick={() => setPicking(true)}>
          Pick another show…
        </button>
      )}
    </section>
  );
}
