import { useState } from 'react';
import {
  qualitiesFor,
  type PublishOptions,
  type PublishPlan,
  type PublishPlanItem,
} from '../../../shared/publishing';
import { RetryAlert } from '../../components/RetryAlert';
import { usePublishStore } from '../../stores';
import { plannedRecordingIds } from '../../stores/publish';
import { formatCount, plural } from '../shows/format';
import { Dialog } from './Dialog';

function Item({ item }: { item: PublishPlanItem }) {
  return (
    <li
      className={item.refused ? 'pub-plan-item refused' : 'pub-plan-item'}
      data-testid="plan-item"
      data-recording-id={item.recordingId}
    >
      <div className="pub-plan-name">
        <strong>{item.showTitle ?? 'No show'}</strong>
        <span className="tx-sub">{item.fileName}</span>
      </div>
      {item.refused ? (
        <p className="pub-refused">
          <span className="badge tone-bad">Refused</span> {item.refused}
        </p>
      ) : (
        <>
          {item.queuedJobId !== null ? (
            <p className="tx-sub">Already in the queue: this joins job {item.queuedJobId}.</p>
          ) : null}
          <ul className="pub-plan-actions" aria-label="What will happen">
            {item.actions.map((action) => (
              <li key={action}>{action}</li>
            ))}
          </ul>
          {item.missing.length > 0 ? (
            <ul className="pub-plan-missing" aria-label="Missing">
              {item.missing.map((m) => (
                <li key={m}>
                  <span className="badge tone-warn">Missing</span> {m}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </li>
  );
}

function Settings({ plan, options }: { plan: PublishPlan; options: PublishOptions }) {
  const set = usePublishStore.getState().setOptions;
  const [tags, setTags] = useState(options.tagsToAdd.join(', '));
  // With no configuration chosen, the qualities every configuration offers (the core's rule too).
  const qualities = qualitiesFor(plan.vodConfigurations, options.vodConfigurationId);
  return (
    <fieldset className="pub-settings" data-testid="batch-settings">
      <legend>Settings for this batch</legend>
      <div className="field">
        <label htmlFor="pub-config">VOD configuration</label>
        <select
          id="pub-config"
          value={options.vodConfigurationId ?? ''}
          onChange={(e) =>
            set({
              vodConfigurationId: e.target.value === '' ? null : Number(e.target.value),
              quality: null,
            })
          }
        >
          <option value="">The show&apos;s location&apos;s</option>
          {plan.vodConfigurations.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="pub-quality">Quality</label>
        <select
          id="pub-quality"
          value={options.quality ?? ''}
          onChange={(e) => set({ quality: e.target.value === '' ? null : Number(e.target.value) })}
        >
          <option value="">Server default (Auto)</option>
          {qualities.map((q) => (
            <option key={q.id} value={q.id}>
              {q.name}
            </option>
          ))}
        </select>
      </div>
      <label className="pub-check">
        <input
          type="checkbox"
          checked={options.captions}
          onChange={(e) => set({ captions: e.target.checked })}
        />
        Captions
      </label>
      <label className="pub-check">
        <input
          type="checkbox"
          checked={options.chapters}
          onChange={(e) => set({ chapters: e.target.checked })}
        />
        Chapters
      </label>
      <div className="field pub-tags">
        <label htmlFor="pub-tags">Tags to add</label>
        <input
          id="pub-tags"
          type="text"
          value={tags}
          placeholder="e.g. council, 2026"
          onChange={(e) => {
            setTags(e.target.value);
            set({
              tagsToAdd: e.target.value
                .split(',')
                .map((t) => t.trim())
                .filter((t) => t !== ''),
            });
          }}
        />
      </div>
    </fieldset>
  );
}

/**
 * The confirmation before a batch is queued: for each recording what will happen, what is
 * missing and what is refused and why, with the batch's settings.
 */
export function PlanDialog() {
  const state = usePublishStore((s) => s.plan);
  if (!state) return null;
  const store = usePublishStore.getState();
  const plan = state.plan.value;
  const ready = plan ? plannedRecordingIds(plan).length : 0;
  const refused = plan ? plan.items.length - ready : 0;

  return (
    <Dialog
      title={plan ? `Publish ${plural(plan.items.length, 'recording')}` : 'Publish'}
      titleId="plan-title"
      testId="publish-plan"
      className="pub-dialog"
      onClose={store.closePlan}
      footer={
        <>
          {state.enqueueError ? (
            <p className="alert alert-error" role="alert">
              Nothing was queued: {state.enqueueError}
            </p>
          ) : null}
          <span className="muted">
            {plan
              ? `${plural(ready, 'recording')} will be queued${refused > 0 ? `, ${formatCount(refused)} refused` : ''}.`
              : ''}
          </span>
          <button type="button" className="btn" onClick={store.closePlan}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!plan || ready === 0 || state.enqueuing}
            onClick={() => void store.confirm()}
          >
            {state.enqueuing ? 'Queueing…' : `Publish ${formatCount(ready)}`}
          </button>
        </>
      }
    >
      {state.plan.error ? (
        <RetryAlert onRetry={() => store.openPlan(state.source)}>
          The plan could not be made: {state.plan.error}
        </RetryAlert>
      ) : null}
      {state.plan.loading ? <p className="muted">Checking what publishing will do…</p> : null}
      {plan ? (
        <>
          {state.options ? <Settings plan={plan} options={state.options} /> : null}
          <ul className="pub-plan" aria-label="Recordings in this batch">
            {plan.items.map((item) => (
              <Item key={item.recordingId} item={item} />
            ))}
          </ul>
          {plan.items.length === 0 ? (
            <p className="muted">None of these has a recording linked to it.</p>
          ) : null}
        </>
      ) : null}
    </Dialog>
  );
}
