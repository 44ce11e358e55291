import { z } from 'zod';
import { errorMessage, formatZodPath } from '../../shared/errors';
import { AppError } from '../../shared/result';
import {
  SETTINGS_FILE_FORMAT,
  SettingsFileSchema,
  type ScheduleSetting,
  type Settings,
  type SettingsExport,
  type SettingsFile,
  type SettingsPatch,
} from '../../shared/settings';

/** The schedules' side of a settings file (the scheduler, wired in by the root). */
export interface ScheduleSettingsPort {
  list(): ScheduleSetting[];
  /** Refuses, without changing anything, what `apply` could not take; paths start at `schedules`. */
  check(schedules: readonly ScheduleSetting[]): void;
  /** Applies them; returns what changed, in words. */
  apply(schedules: readonly ScheduleSetting[]): string[];
}

/** The file's frame checked first; its settings are checked by the settings service's own rules. */
const FrameSchema = SettingsFileSchema.extend({ settings: z.record(z.string(), z.unknown()) });

export function exportSettings(
  settings: Settings,
  schedules: ScheduleSetting[],
  now: Date,
): SettingsExport {
  const file: SettingsFile = {
    format: SETTINGS_FILE_FORMAT,
    version: 1,
    exportedAt: now.toISOString(),
    settings,
    schedules,
  };
  return {
    fileName: `archivist-settings-${now.toISOString().slice(0, 10)}.json`,
    content: `${JSON.stringify(file, null, 2)}\n`,
  };
}

/**
 * Reads a settings file's text: not JSON, not a settings file, or a malformed frame is refused
 * with where. The settings inside are returned unchecked (the service checks them).
 */
export function readSettingsFile(text: string): {
  settings: SettingsPatch;
  schedules: ScheduleSetting[];
} {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `The file is not a settings file: it is not JSON (${errorMessage(error)}).`,
    );
  }
  if (
    typeof json !== 'object' ||
    json === null ||
    (json as { format?: unknown }).format !== SETTINGS_FILE_FORMAT
  ) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `The file is not an Archivist Desktop settings file (it does not say "format": "${SETTINGS_FILE_FORMAT}").`,
      'format',
    );
  }
  const parsed = FrameSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue ? formatZodPath(issue.path) : '';
    const what =
      issue?.code === 'unrecognized_keys'
        ? `it has ${issue.keys.map((k) => `"${k}"`).join(', ')}, which a settings file does not`
        : (issue?.message ?? 'it does not match');
    throw new AppError(
      'INVALID_ARGUMENT',
      `The settings file cannot be imported: ${path ? `${path}: ` : ''}${what}.`,
      path || undefined,
    );
  }
  return { settings: parsed.data.settings, schedules: parsed.data.schedules };
}

/** An error about the settings inside the file, with its path as the file has it. */
export function inFile(error: unknown, prefix: 'settings' | 'schedules'): unknown {
  if (!(error instanceof AppError)) return error;
  const path = error.path === undefined ? prefix : `${prefix}.${error.path}`;
  return new AppError(error.code, `In the file, ${path}: ${error.message}`, path);
}
