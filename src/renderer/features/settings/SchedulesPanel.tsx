import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { ScheduleView } from '../../../shared/schedules';
import type { SettingsView } from '../../../shared/settings';
import { useSchedulesStore, useSettingsStore } from '../../stores';
import { FieldProblem, FormAlert, invalidIf, SaveRow, SourceHint } from './form-parts';
import {
  formatDuration,
  formatWhen,
  RESULT_WORDS,
  scheduleDraft,
  specFromDraft,
  type ScheduleDraft,
} from './schedule-draft';

function zones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

/** The station's time zone: cron schedules run at their times in it. */
function TimeZoneForm({ view, effective }: { view: SettingsView; effective: string | null }) {
  const save = useSettingsStore((s) => s.save);
  const saving = useSettingsStore((s) => s.saving);
  const saveError = useSettingsStore((s) => s.saveError);
  const savedAt = useSettingsStore((s) => s.savedAt);
  const ours = useSettingsStore((s) => s.saveSection === 'schedules');
  const saved = view.settings.schedules.timeZone;
  const [zone, setZone] = useState(saved);
  useEffect(() => setZone(saved), [saved]);
  const options = useMemo(zones, []);
  const error = ours ? saveError : null;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await save({ schedules: { timeZone: zone.trim() } });
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} aria-label="Time zone for schedules">
      <div className="field field-narrow">
        <label htmlFor="s-timeZone">Station time zone</label>
        <input
          id="s-timeZone"
          name="timeZone"
          type="text"
          list="s-timeZone-list"
          placeholder={`This computer's${effective && saved === '' ? ` (${effective})` : ''}`}
          aria-invalid={invalidIf(error, 'schedules.timeZone')}
          value={zone}
          onChange={(e) => setZone(e.target.value)}
        />
        <datalist id="s-timeZone-list">
          {options.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <FieldProblem error={error} path="schedules.timeZone" />
        <span className="hint">
          Cron schedules run at their times in this zone. Empty: this computer&apos;s.
        </span>
        <SourceHint view={view} path="schedules.timeZone" />
      </div>
      <FormAlert error={error} labels={{ 'schedules.timeZone': 'Station time zone' }} />
      <SaveRow
        label="Save time zone"
        saving={saving}
        savingHere={saving && ours}
        saved={savedAt !== null && ours && !error && !saving}
      />
    </form>
  );
}

function SpecEditor({ schedule, onClose }: { schedule: ScheduleView; onClose: () => void }) {
  const update = useSchedulesStore((s) => s.update);
  const problem = useSchedulesStore((s) => s.problems[schedule.id] ?? null);
  const busy = useSchedulesStore((s) => s.busy[schedule.id] === true);
  const [draft, setDraft] = useState<ScheduleDraft>(() => scheduleDraft(schedule.spec));
  const [local, setLocal] = useState<{ message: string; path: string } | null>(null);
  const shown = local ?? problem;
  const id = `sched-${schedule.id.replace(/\W/g, '-')}`;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const read = specFromDraft(draft);
    setLocal(read.ok ? null : { message: read.message, path: read.path });
    if (read.ok && (await update(schedule.id, read.spec))) onClose();
  }

  return (
    <form
      className="schedule-editor"
      onSubmit={(e) => void onSubmit(e)}
      aria-label={`When ${schedule.title} runs`}
    >
      <div className="row">
        <label className="row">
          <input
            type="radio"
            name={`${id}-kind`}
            checked={draft.kind === 'interval'}
            onChange={() => setDraft((d) => ({ ...d, kind: 'interval' }))}
          />
          Every
        </label>
        <input
          id={`${id}-minutes`}
          className="input-narrow"
          aria-label="Minutes between runs"
          inputMode="decimal"
          disabled={draft.kind !== 'interval'}
          aria-invalid={
            draft.kind === 'interval' && shown?.path === 'spec.seconds' ? true : undefined
          }
          value={draft.minutes}
          onChange={(e) => {
            const minutes = e.target.value;
            setDraft((d) => ({ ...d, minutes }));
          }}
        />
        <span>minutes</span>
      </div>
      <div className="row">
        <label className="row">
          <input
            type="radio"
            name={`${id}-kind`}
            checked={draft.kind === 'cron'}
            onChange={() => setDraft((d) => ({ ...d, kind: 'cron' }))}
          />
          At
        </label>
        <input
          id={`${id}-cron`}
          aria-label="Cron expression"
          placeholder="0 23 * * 1-5"
          disabled={draft.kind !== 'cron'}
          aria-invalid={
            draft.kind === 'cron' && shown?.path === 'spec.expression' ? true : undefined
          }
          value={draft.expression}
          onChange={(e) => {
            const expression = e.target.value;
            setDraft((d) => ({ ...d, expression }));
          }}
        />
      </div>
      <span className="hint">
        Cron: minute hour day-of-month month day-of-week; 0 23 * * 1-5 is 23:00 on weekdays.
      </span>
      {shown ? (
        <div className="alert alert-error" role="alert">
          {shown.message}
        </div>
      ) : null}
      <div className="row">
        <button type="submit" className="btn btn-primary btn-small" disabled={busy}>
          Save
        </button>
        {!schedule.isDefault ? (
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() => void update(schedule.id, null).then((ok) => ok && onClose())}
          >
            Back to default
          </button>
        ) : null}
        <button type="button" className="btn btn-small" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ScheduleRow({ schedule, timeZone }: { schedule: ScheduleView; timeZone: string }) {
  const runNow = useSchedulesStore((s) => s.runNow);
  const pause = useSchedulesStore((s) => s.pause);
  const resume = useSchedulesStore((s) => s.resume);
  const busy = useSchedulesStore((s) => s.busy[schedule.id] === true);
  const problem = useSchedulesStore((s) => s.problems[schedule.id] ?? null);
  const [editing, setEditing] = useState(false);
  const last = schedule.lastRun;
  const result = last?.result ? RESULT_WORDS[last.result] : null;

  return (
    <tr aria-label={schedule.title}>
      <td>
        <div className="title-main">{schedule.title}</div>
        <div className="muted">{schedule.description}</div>
      </td>
      <td>
        {editing ? (
          <SpecEditor schedule={schedule} onClose={() => setEditing(false)} />
        ) : (
          <>
            <div>{schedule.summary}</div>
            <button type="button" className="link" onClick={() => setEditing(true)}>
              Change
            </button>
          </>
        )}
      </td>
      <td>
        {last === null ? (
          <span className="muted">Never</span>
        ) : (
          <>
            <div>
              {formatWhen(last.startedAt, timeZone)}
              {last.trigger === 'manual' ? <span className="muted"> (run now)</span> : null}
            </div>
            {schedule.state === 'running' ? (
              <div>
                <span className="tone-info">Running…</span>
              </div>
            ) : result ? (
              <div>
                <span className={result.tone}>
                  {result.word}
                  {last.durationMs !== null ? ` in ${formatDuration(last.durationMs)}` : ''}
                </span>
              </div>
            ) : null}
            {last.message && schedule.state !== 'running' ? (
              <div className="muted schedule-message">{last.message}</div>
            ) : null}
          </>
        )}
      </td>
      <td>
        {schedule.disabled !== null ? (
          <span className="muted schedule-message">{schedule.disabled}</span>
        ) : schedule.paused ? (
          <span className="tone-warn">Paused</span>
        ) : schedule.state === 'queued' ? (
          <span className="tone-info">Starting…</span>
        ) : schedule.nextRunAt ? (
          formatWhen(schedule.nextRunAt, timeZone)
        ) : (
          <span className="muted">None</span>
        )}
      </td>
      <td>
        <div className="row">
          <button
            type="button"
            className="btn btn-small"
            disabled={busy || schedule.state !== 'idle' || schedule.disabled !== null}
            onClick={() => void runNow(schedule.id)}
          >
            Run now
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() => void (schedule.paused ? resume(schedule.id) : pause(schedule.id))}
          >
            {schedule.paused ? 'Resume' : 'Pause'}
          </button>
        </div>
        {problem && !editing ? (
          <div className="tone-bad" role="alert">
            {problem.message}
          </div>
        ) : null}
      </td>
    </tr>
  );
}

/** Settings › Schedules: what runs by itself, when it last ran and how, and when it runs next. */
export function SchedulesPanel({ view }: { view: SettingsView }) {
  const status = useSchedulesStore((s) => s.status);
  const loadError = useSchedulesStore((s) => s.loadError);
  const load = useSchedulesStore((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="card card-wide" aria-labelledby="schedules-title">
      <h2 id="schedules-title">Schedules</h2>
      <TimeZoneForm view={view} effective={status?.timeZone ?? null} />
      {loadError ? (
        <div className="alert alert-error" role="alert">
          The schedules could not be read. {loadError}
        </div>
      ) : null}
      {status ? (
        <table className="schedule-table">
          <thead>
            <tr>
              <th scope="col">Schedule</th>
              <th scope="col">When</th>
              <th scope="col">Last run</th>
              <th scope="col">Next run</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {status.schedules.map((schedule) => (
              <ScheduleRow key={schedule.id} schedule={schedule} timeZone={status.timeZone} />
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="hint">Times are in {status?.timeZone ?? 'the station time zone'}.</p>
    </section>
  );
}
