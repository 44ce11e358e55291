import type { ShowChapters, ShowDetail } from '../../../shared/catalog';
import { DetailStatus } from '../../components/DetailStatus';
import { ExternalLink } from '../../components/ExternalLink';
import { useShowsStore } from '../../stores';
import type { Loadable } from '../../lib/loadable';
import { safeHttpUrl } from '../../lib/safe-url';
import { formatDateTime, formatInstant, formatRunTime, vodBadge } from './format';
import { MetadataEditor } from './MetadataEditor';

function Field({ label, value }: { label: string; value: string | number | null | undefined }) {
  if (value === null || value === undefined || value === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

function Vod({ show }: { show: ShowDetail }) {
  const vod = show.vod;
  const badge = vodBadge(vod !== null, vod?.state ?? null);
  const link = safeHttpUrl(vod?.url ?? null);
  return (
    <section className="detail-section" aria-labelledby="detail-vod">
      <h3 id="detail-vod">VOD</h3>
      {vod ? (
        <dl>
          <dt>State</dt>
          <dd>
            <span className={`badge tone-${badge.tone}`}>{badge.label}</span>
            {vod.state && vod.state !== 'complete' && vod.percentComplete !== null
              ? ` ${Math.round(vod.percentComplete * 100)}%`
              : ''}
          </dd>
          <Field label="VOD id" value={vod.id} />
          {link ? (
            <>
              <dt>Link</dt>
              <dd>
                <ExternalLink href={link}>{link}</ExternalLink>
              </dd>
            </>
          ) : null}
          <dt>Chapters</dt>
          <dd>{vod.chaptersPublished ? 'Published' : 'Not published'}</dd>
          {vod.views !== null ? <Field label="Views" value={vod.views.toLocaleString()} /> : null}
          {vod.isWatchable === false ? (
            <>
              <dt>Watchable</dt>
              <dd>Not yet</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="muted">This show has no VOD on the server.</p>
      )}
    </section>
  );
}

function Chapters({ chapters }: { chapters: Loadable<ShowChapters> | null }) {
  if (!chapters) return null;
  const value = chapters.value;
  return (
    <section
      className="detail-section"
      aria-labelledby="detail-chapters"
      data-testid="detail-chapters"
    >
      <h3 id="detail-chapters">Chapters</h3>
      {chapters.loading && !value ? <p className="muted">Asking Cablecast for chapters…</p> : null}
      {chapters.error ? (
        <p className="alert alert-warn">Chapters could not be read: {chapters.error}</p>
      ) : null}
      {value ? (
        <>
          {value.problem ? <p className="alert alert-warn">{value.problem}</p> : null}
          {value.chapters.length === 0 ? (
            <p className="muted">
              {value.vodId === null ? 'No VOD, so no chapters.' : 'No chapters on this VOD.'}
            </p>
          ) : (
            <ol className="chapter-list">
              {value.chapters.map((c) => (
                <li key={c.id}>
                  <span className="chapter-at">{formatRunTime(c.offset)}</span>
                  <span className="chapter-title">{c.title}</span>
                  {c.body ? <span className="chapter-body">{c.body}</span> : null}
                </li>
              ))}
            </ol>
          )}
          <p className="detail-source muted">
            {value.source === 'server'
              ? `From Cablecast${value.published ? ', published' : ', not published'}`
              : value.source === 'cache'
                ? `Cablecast did not answer: the copy from ${formatInstant(value.fetchedAt) || 'earlier'}`
                : 'Not read from Cablecast yet'}
          </p>
        </>
      ) : null}
    </section>
  );
}

function Detail({ show }: { show: ShowDetail }) {
  return (
    <>
      <header className="detail-head">
        <h2 id="detail-title">{show.title}</h2>
        {show.cgTitle && show.cgTitle !== show.title ? (
          <p className="detail-sub">Public title: {show.cgTitle}</p>
        ) : null}
      </header>
      {show.deletedAt ? (
        <div className="alert alert-warn" role="note">
          Deleted on the Cablecast server (noticed {formatInstant(show.deletedAt)}). It is kept here
          because something local refers to it.
        </div>
      ) : null}
      <section className="detail-section" aria-label="Metadata">
        <dl>
          <Field label="Show id" value={show.id} />
          <Field label="Event date" value={formatDateTime(show.eventDate)} />
          <Field label="Category" value={show.category} />
          <Field label="Project" value={show.project} />
          <Field label="Producer" value={show.producer} />
          <Field label="Location" value={show.location} />
          <Field label="Run time" value={formatRunTime(show.totalRunTime)} />
          <dt>Captions</dt>
          <dd>{show.hasCaptions ? 'Yes' : 'No'}</dd>
          <Field label="Last modified" value={formatDateTime(show.lastModified)} />
        </dl>
      </section>
      <MetadataEditor show={show} />
      {show.comments ? (
        <section className="detail-section" aria-labelledby="detail-description">
          <h3 id="detail-description">Description</h3>
          <p className="detail-text">{show.comments}</p>
        </section>
      ) : null}
      {show.customFields.length > 0 ? (
        <section className="detail-section" aria-labelledby="detail-custom">
          <h3 id="detail-custom">Custom fields</h3>
          <dl>
            {show.customFields.map((f) => (
              <Field key={f.name} label={f.name} value={f.value ?? '—'} />
            ))}
          </dl>
        </section>
      ) : null}
      <section className="detail-section" aria-labelledby="detail-reels">
        <h3 id="detail-reels">Reels</h3>
        {show.reels.length === 0 ? (
          <p className="muted">No reels.</p>
        ) : (
          <table className="reel-table">
            <thead>
              <tr>
                <th scope="col">Reel</th>
                <th scope="col">Length</th>
                <th scope="col">Cue</th>
                <th scope="col">Id</th>
              </tr>
            </thead>
            <tbody>
              {show.reels.map((r) => (
                <tr key={r.id}>
                  <td>{r.reelNumber ?? '—'}</td>
                  <td>{formatRunTime(r.length)}</td>
                  <td>{formatRunTime(r.cue)}</td>
                  <td>{r.id}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <Vod show={show} />
    </>
  );
}

/** The focused show in full: metadata, custom fields, reels, VOD and chapters. */
export function DetailPane() {
  const detail = useShowsStore((s) => s.detail);
  const chapters = useShowsStore((s) => s.chapters);
  const show = detail?.value ?? null;

  return (
    <aside
      className="detail-pane"
      aria-label="Show details"
      aria-busy={detail?.loading ?? false}
      data-testid="detail-pane"
      data-show-id={show?.id ?? ''}
    >
      <DetailStatus
        detail={detail}
        hint="Select a show to see its details."
        keys="Click, Shift-click and Ctrl-click select as in a file manager. Drag in the left margin to select a band. ↑ ↓ move; Shift extends; Ctrl+A selects everything that matches."
        errorText="This show could not be read"
        loadingText={`Loading show ${detail?.id ?? ''}…`}
        onRetry={() => useShowsStore.getState().reloadDetail()}
      />
      {show ? <Detail show={show} /> : null}
      {show ? <Chapters chapters={chapters} /> : null}
    </aside>
  );
}
