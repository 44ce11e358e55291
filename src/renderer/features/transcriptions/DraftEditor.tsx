import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { RecordingDetail } from '../../../shared/library';
import { useLibraryStore } from '../../stores';
import { draftIsDirty, type DraftState } from '../../stores/library';
import { formatInstant } from '../shows/format';
import {
  chaptersSourceLabel,
  draftProblems,
  insertChapter,
  parseTags,
  sortChapters,
  withTime,
  type ChapterEdit,
  type DraftEdit,
} from './draft-edit';
import { usePlayer } from './player';
import { ShowFieldsEditor } from './ShowFieldsEditor';
import { formatClock } from './time';

function edit(change: (e: DraftEdit) => DraftEdit) {
  useLibraryStore.getState().editDraft(change);
}

/** A change to the chapters; any real one makes them the operator's ("edited by hand"). */
function editChapters(change: (chapters: ChapterEdit[]) => ChapterEdit[]) {
  edit((e) => {
    const chapters = change(e.chapters);
    const same =
      chapters.length === e.chapters.length && chapters.every((c, i) => c === e.chapters[i]);
    return same ? e : { ...e, chapters, chaptersSource: 'manual' };
  });
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span id={id} className="tx-field-error" role="alert">
      {message}
    </span>
  );
}

function ChapterRow({
  chapter,
  n,
  problem,
  warning,
}: {
  chapter: ChapterEdit;
  n: number;
  problem: { time?: string; title?: string } | undefined;
  warning: string | undefined;
}) {
  const player = usePlayer();
  const timeErrorId = `chapter-time-error-${chapter.key}`;
  const titleErrorId = `chapter-title-error-${chapter.key}`;
  const name = chapter.title.trim() || 'untitled';
  return (
    <tr data-testid="chapter-row" data-chapter-key={chapter.key}>
      <td className="tx-ch-time">
        <input
          type="text"
          inputMode="numeric"
          className="tx-time-input"
          value={chapter.time}
          aria-label={`Time of chapter ${n}`}
          aria-invalid={problem?.time ? true : undefined}
          aria-describedby={problem?.time ? timeErrorId : undefined}
          onChange={(e) => {
            const time = e.target.value;
            editChapters((cs) => cs.map((c) => (c.key === chapter.key ? withTime(c, time) : c)));
          }}
          onBlur={() =>
            // A changed time moves the chapter into place once the operator leaves the box.
            editChapters((cs) =>
              sortChapters(
                cs.map((c) =>
                  c.key === chapter.key &&
                  c.offsetSec !== null &&
                  Number.isInteger(c.offsetSec) &&
                  c.time !== formatClock(c.offsetSec, 'nearest')
                    ? { ...c, time: formatClock(c.offsetSec, 'nearest') }
                    : c,
                ),
              ),
            )
          }
          spellCheck={false}
          autoComplete="off"
        />
        <FieldError id={timeErrorId} message={problem?.time} />
      </td>
      <td className="tx-ch-play">
        <button
          type="button"
          className="tx-icon-btn"
          disabled={chapter.offsetSec === null}
          aria-label={`Play from chapter ${n} (${name})`}
          title="Play from here"
          onClick={() => {
            if (chapter.offsetSec !== null) player.seek(chapter.offsetSec);
          }}
        >
          ▶
        </button>
      </td>
      <td className="tx-ch-title">
        <input
          id={`chapter-title-${chapter.key}`}
          type="text"
          value={chapter.title}
          aria-label={`Title of chapter ${n}`}
          aria-invalid={problem?.title ? true : undefined}
          aria-describedby={problem?.title ? titleErrorId : undefined}
          placeholder="Chapter title"
          maxLength={200}
          onChange={(e) => {
            const title = e.target.value;
            editChapters((cs) => cs.map((c) => (c.key === chapter.key ? { ...c, title } : c)));
          }}
        />
        <FieldError id={titleErrorId} message={problem?.title} />
        {warning ? <span className="tx-field-warn">{warning}</span> : null}
      </td>
      <td className="tx-ch-delete">
        <button
          type="button"
          className="tx-icon-btn"
          aria-label={`Delete chapter ${n} (${name})`}
          title="Delete this chapter"
          onClick={() => editChapters((cs) => cs.filter((c) => c.key !== chapter.key))}
        >
          ✕
        </button>
      </td>
    </tr>
  );
}

function AgendaForm({ draft, onClose }: { draft: DraftState; onClose: () => void }) {
  const [agenda, setAgenda] = useState('');
  const id = useId();
  return (
    <form
      className="tx-agenda"
      onSubmit={(e) => {
        e.preventDefault();
        void useLibraryStore
          .getState()
          .propose('agenda', agenda)
          .then((ok) => {
            if (ok) onClose();
          });
      }}
    >
      <label htmlFor={id}>Agenda (paste the items; each is looked for in the captions)</label>
      <textarea
        id={id}
        rows={6}
        value={agenda}
        onChange={(e) => setAgenda(e.target.value)}
        placeholder={'1. Call to order\n2. Public comment\n3. Budget hearing\n…'}
        autoFocus
      />
      <div className="row">
        <button
          type="submit"
          className="btn btn-small"
          disabled={agenda.trim() === '' || draft.busy !== null}
        >
          {draft.busy === 'agenda' ? 'Drafting…' : 'Draft chapters'}
        </button>
        <button type="button" className="link" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function SaveState({ draft, dirty }: { draft: DraftState; dirty: boolean }) {
  if (draft.busy === 'save') return <span className="muted">Saving…</span>;
  if (dirty) {
    return (
      <span className="badge tone-warn" data-testid="draft-unsaved">
        Unsaved changes
      </span>
    );
  }
  const at = draft.savedAt ?? draft.saved.updatedAt;
  return (
    <span className="muted" data-testid="draft-saved">
      {at ? `Saved ${formatInstant(at)}` : 'Not saved yet'}
    </span>
  );
}

/** Title, public title, description, tags and chapters, proposed or typed, saved on Save. */
export function DraftEditor({ detail }: { detail: RecordingDetail }) {
  const draft = useLibraryStore((s) => s.drafts[detail.id]);
  const player = usePlayer();
  const [agendaOpen, setAgendaOpen] = useState(false);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const base = useId();

  useEffect(() => {
    if (!focusKey) return;
    document.getElementById(`chapter-title-${focusKey}`)?.focus();
    setFocusKey(null);
  }, [focusKey]);

  if (!draft) return null;
  const dirty = draftIsDirty(draft);
  const problems = draftProblems(draft.edit, detail.durationSec);
  const tags = parseTags(draft.edit.tags);
  const busy = draft.busy !== null;

  function onKeyDown(event: KeyboardEvent) {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void useLibraryStore.getState().saveDraft();
    }
  }

  return (
    <section
      className="tx-draft"
      aria-labelledby={`${base}-title`}
      data-testid="draft-editor"
      onKeyDown={onKeyDown}
    >
      <div className="tx-draft-head">
        <h3 id={`${base}-title`}>Draft for publishing</h3>
        <SaveState draft={draft} dirty={dirty} />
      </div>
      <div className="tx-propose row">
        <button
          type="button"
          className="btn btn-small"
          disabled={busy || !detail.summary}
          title={
            detail.summary
              ? 'Fill the editor from the summary file (nothing is saved until Save)'
              : 'There is no summary file beside this video'
          }
          onClick={() => void useLibraryStore.getState().propose('summary')}
        >
          {draft.busy === 'summary' ? 'Proposing…' : 'Propose from summary'}
        </button>
        <button
          type="button"
          className="btn btn-small"
          aria-expanded={agendaOpen}
          disabled={busy && !agendaOpen}
          onClick={() => setAgendaOpen(!agendaOpen)}
        >
          Draft chapters from agenda…
        </button>
      </div>
      {agendaOpen ? <AgendaForm draft={draft} onClose={() => setAgendaOpen(false)} /> : null}
      {draft.notes.length > 0 ? (
        <div className="alert alert-info tx-draft-notes" role="status" data-testid="draft-notes">
          <strong>
            {draft.notesFrom === 'save'
              ? 'Saved, with changes:'
              : draft.notesFrom === 'agenda'
                ? 'Drafted from the agenda (not saved yet):'
                : 'Proposed from the summary (not saved yet):'}
          </strong>
          <ul className="plain-list">
            {draft.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {draft.error ? (
        <p className="alert alert-error" role="alert">
          {draft.error}
        </p>
      ) : null}

      <div className="field">
        <label htmlFor={`${base}-t`}>Title</label>
        <input
          id={`${base}-t`}
          type="text"
          value={draft.edit.title}
          aria-invalid={problems.fields.title ? true : undefined}
          onChange={(e) => {
            const title = e.target.value;
            edit((d) => ({ ...d, title }));
          }}
        />
        <FieldError id={`${base}-t-err`} message={problems.fields.title} />
      </div>
      <div className="field">
        <label htmlFor={`${base}-cg`}>Public title (shown on the channel and VOD page)</label>
        <input
          id={`${base}-cg`}
          type="text"
          value={draft.edit.cgTitle}
          aria-invalid={problems.fields.cgTitle ? true : undefined}
          onChange={(e) => {
            const cgTitle = e.target.value;
            edit((d) => ({ ...d, cgTitle }));
          }}
        />
        <FieldError id={`${base}-cg-err`} message={problems.fields.cgTitle} />
      </div>
      <div className="field">
        <label htmlFor={`${base}-d`}>Description</label>
        <textarea
          id={`${base}-d`}
          rows={4}
          value={draft.edit.description}
          aria-invalid={problems.fields.description ? true : undefined}
          onChange={(e) => {
            const description = e.target.value;
            edit((d) => ({ ...d, description }));
          }}
        />
        <FieldError id={`${base}-d-err`} message={problems.fields.description} />
      </div>
      <div className="field">
        <label htmlFor={`${base}-tags`}>Tags (separated by commas)</label>
        <input
          id={`${base}-tags`}
          type="text"
          value={draft.edit.tags}
          aria-invalid={problems.fields.tags ? true : undefined}
          aria-describedby={`${base}-tags-list`}
          onChange={(e) => {
            const tags = e.target.value;
            edit((d) => ({ ...d, tags }));
          }}
        />
        <FieldError id={`${base}-tags-err`} message={problems.fields.tags} />
        <span id={`${base}-tags-list`} className="tx-tags" aria-label="Tags as saved">
          {tags.length === 0 ? (
            <span className="muted">No tags.</span>
          ) : (
            tags.map((t) => (
              <span key={t} className="tx-tag">
                {t}
              </span>
            ))
          )}
        </span>
      </div>

      <ShowFieldsEditor detail={detail} draft={draft.edit} />

      <div className="tx-chapters-head">
        <h4 className="tx-subhead" id={`${base}-ch`}>
          Chapters{' '}
          <span className="muted tx-chapters-source">
            ({draft.edit.chapters.length}; {chaptersSourceLabel(draft.edit.chaptersSource)})
          </span>
        </h4>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            const at = player.time();
            let key = '';
            editChapters((cs) => {
              const inserted = insertChapter(cs, Math.floor(at));
              key = inserted.key;
              return inserted.chapters;
            });
            setFocusKey(key);
          }}
        >
          Add chapter at the current video time
        </button>
      </div>
      <FieldError id={`${base}-ch-err`} message={problems.fields.chapters} />
      {draft.edit.chapters.length === 0 ? (
        <p className="muted">
          No chapters. Propose them from the summary or an agenda, or play the video and add one
          where each part starts.
        </p>
      ) : (
        <table className="tx-chapter-table" aria-labelledby={`${base}-ch`}>
          <thead>
            <tr>
              <th scope="col">Starts at (h:mm:ss)</th>
              <th scope="col">
                <span className="sr-only">Play</span>
              </th>
              <th scope="col">Title</th>
              <th scope="col">
                <span className="sr-only">Delete</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.edit.chapters.map((c, i) => (
              <ChapterRow
                key={c.key}
                chapter={c}
                n={i + 1}
                problem={problems.chapters[c.key]}
                warning={problems.chapterWarnings[c.key]}
              />
            ))}
          </tbody>
        </table>
      )}

      <div className="tx-draft-foot row">
        <label
          className="row tx-approve"
          title="Auto-publish takes only approved drafts, unless the station trusts every saved draft (Settings › Publishing)."
        >
          <input
            type="checkbox"
            checked={draft.edit.approved}
            disabled={busy}
            onChange={(e) => {
              const approved = e.target.checked;
              edit((d) => ({ ...d, approved }));
            }}
          />
          Approved for auto-publish
        </label>
        <button
          type="button"
          className="btn btn-primary"
          disabled={!dirty || busy}
          onClick={() => void useLibraryStore.getState().saveDraft()}
          title="Save the draft (Ctrl+S)"
        >
          {draft.busy === 'save' ? 'Saving…' : 'Save draft'}
        </button>
        {dirty ? (
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => useLibraryStore.getState().discardDraft()}
          >
            Discard changes
          </button>
        ) : null}
        {problems.count > 0 ? (
          <span className="tx-field-error">
            {problems.count === 1 ? '1 field needs' : `${problems.count} fields need`} fixing before
            saving.
          </span>
        ) : null}
      </div>
    </section>
  );
}
