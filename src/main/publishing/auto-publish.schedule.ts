import type { ScheduleDefinition } from '../jobs';
import { plural } from '../library/enhance/text';
import type { SettingsService } from '../settings/settings.service';
import type { PublishingService } from './publishing.service';

/**
 * Auto-publish: at its times (23:00 on weekdays until changed), the ready recordings go into the
 * publish queue in batches, marked as auto-published. Off until the setting (or
 * AUTO_PUBLISH_TO_VOD=true) turns it on.
 */
export function autoPublishSchedule(
  service: PublishingService,
  settings: SettingsService,
): ScheduleDefinition {
  return {
    id: 'publishing.auto',
    title: 'Auto-publish',
    description:
      'Queues each ready, linked recording with a saved draft (approved, unless the station trusts its drafts) that was never published, with the default publish settings.',
    defaultSpec: { kind: 'cron', expression: '0 23 * * 1-5' },
    disabled: () =>
      settings.get().publishing.autoPublish
        ? null
        : 'Off: turn on Auto-publish in Settings › Publishing (or set AUTO_PUBLISH_TO_VOD=true).',
    run() {
      const result = service.autoPublish();
      const approval =
        settings.get().publishing.autoPublishApproval === 'required'
          ? ' with an approved draft'
          : '';
      const paused = service.status().paused ? ' The queue is paused: they wait in it.' : '';
      const already =
        result.alreadyQueued > 0
          ? ` ${plural(result.alreadyQueued, 'ready recording')} already had a publish (queued, failed or done) and ${result.alreadyQueued === 1 ? 'was' : 'were'} left alone.`
          : '';
      const message =
        result.queued === 0
          ? `Nothing new was ready to publish${approval}.${already}`
          : `Queued ${plural(result.queued, 'recording')} in ${plural(result.batchIds.length, 'batch', 'batches')}.${already}${paused}`;
      return Promise.resolve({ result: result.queued === 0 ? 'skipped' : 'ok', message });
    },
  };
}
