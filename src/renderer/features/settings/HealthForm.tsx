import type { SettingsView } from '../../../shared/settings';
import { NumbersForm } from './NumbersForm';

/** When the health checks call something a problem (Health screen, /api/health, the tray). */
export function HealthForm({ view }: { view: SettingsView }) {
  return (
    <section className="card" aria-labelledby="health-title">
      <h2 id="health-title">Health thresholds</h2>
      <NumbersForm
        view={view}
        section="health"
        label="Health thresholds"
        saveLabel="Save health thresholds"
        fields={[
          { key: 'checkTimeoutMs', label: 'Check timeout', unit: 'seconds', scale: 1000 },
          { key: 'stuckTranscodeMinutes', label: 'Stuck transcode after', unit: 'minutes' },
          {
            key: 'minFreeGb',
            label: 'Least free space',
            unit: 'GB, storage folders and the data disk',
          },
        ]}
      />
    </section>
  );
}
