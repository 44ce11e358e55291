import type { FileStoreOption } from '../../../shared/catalog';
import type { AutoPublishApproval, PublishingSettings } from '../../../shared/settings';
import {
  msFromSeconds,
  readNumber,
  readOptionalId,
  secondsText,
  type FormError,
} from './form-values';

/** The Publishing form as typed: text for numbers, so a half-typed value is kept as it is. */
export interface PublishingDraft {
  concurrency: string;
  defaultQuality: string;
  uploadTimeoutSeconds: string;
  uploadChunkMb: string;
  vodConfigurationId: string;
  /** A store id, or '' for "the first synced store". */
  destinationStoreId: string;
  captions: boolean;
  chapters: boolean;
  contentShare: string;
  autoPublish: boolean;
  autoPublishApproval: AutoPublishApproval;
}

/** The fields as the screen names them, by the setting's path (for the core's errors too). */
export const PUBLISHING_LABELS: Record<string, string> = {
  'publishing.concurrency': 'Publishes at once',
  'publishing.defaultQuality': 'Default quality ID',
  'publishing.uploadTimeoutMs': 'Upload timeout per chunk',
  'publishing.uploadChunkMb': 'Upload chunk size',
  'publishing.vodConfigurationId': 'VOD configuration ID',
  'publishing.destinationStoreId': 'Upload to file store',
  'publishing.captions': 'Publish captions',
  'publishing.chapters': 'Publish chapters',
  'publishing.contentShare': 'Content share',
  'publishing.autoPublish': 'Auto-publish',
  'publishing.autoPublishApproval': 'Auto-publish takes',
};

function field(name: keyof PublishingSettings): { path: string; label: string } {
  const path = `publishing.${name}`;
  return { path, label: PUBLISHING_LABELS[path] ?? name };
}

export function publishingDraft(settings: PublishingSettings): PublishingDraft {
  return {
    concurrency: String(settings.concurrency),
    defaultQuality: settings.defaultQuality === null ? '' : String(settings.defaultQuality),
    uploadTimeoutSeconds: secondsText(settings.uploadTimeoutMs),
    uploadChunkMb: String(settings.uploadChunkMb),
    vodConfigurationId:
      settings.vodConfigurationId === null ? '' : String(settings.vodConfigurationId),
    destinationStoreId:
      settings.destinationStoreId === null ? '' : String(settings.destinationStoreId),
    captions: settings.captions,
    chapters: settings.chapters,
    contentShare: settings.contentShare,
    autoPublish: settings.autoPublish,
    autoPublishApproval: settings.autoPublishApproval,
  };
}

/**
 * The whole section to save, or the first field that is not even a number. Every field is sent:
 * the core keeps a value where it came from (environment or default) when it is unchanged.
 */
export function publishingPatch(
  draft: PublishingDraft,
): { ok: true; settings: PublishingSettings } | { ok: false; error: FormError } {
  const errors: FormError[] = [];
  const settings: PublishingSettings = {
    concurrency: readNumber(draft.concurrency, field('concurrency'), 'publishes', errors),
    defaultQuality: readOptionalId(draft.defaultQuality, field('defaultQuality'), errors),
    uploadTimeoutMs: msFromSeconds(
      readNumber(draft.uploadTimeoutSeconds, field('uploadTimeoutMs'), 'seconds', errors),
    ),
    uploadChunkMb: readNumber(draft.uploadChunkMb, field('uploadChunkMb'), 'MB', errors),
    vodConfigurationId: readOptionalId(
      draft.vodConfigurationId,
      field('vodConfigurationId'),
      errors,
    ),
    destinationStoreId: readOptionalId(
      draft.destinationStoreId,
      field('destinationStoreId'),
      errors,
    ),
    captions: draft.captions,
    chapters: draft.chapters,
    contentShare: draft.contentShare.trim(),
    autoPublish: draft.autoPublish,
    autoPublishApproval: draft.autoPublishApproval,
  };
  const first = errors[0];
  return first ? { ok: false, error: first } : { ok: true, settings };
}

/** The file store choices: the synced stores, and the saved one even when the catalog lacks it. */
export function fileStoreChoices(
  stores: readonly FileStoreOption[],
  selected: string,
): { value: string; label: string }[] {
  const first = stores[0];
  const choices = [
    {
      value: '',
      label: first
        ? `The first synced store (${first.name})`
        : 'The first synced store (store 1 until a sync finds the stores)',
    },
    ...stores.map((store) => ({ value: String(store.id), label: `${store.name} (${store.id})` })),
  ];
  if (selected !== '' && !stores.some((store) => String(store.id) === selected)) {
    choices.push({ value: selected, label: `Store ${selected} (not in the last sync)` });
  }
  return choices;
}
