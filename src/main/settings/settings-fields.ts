import type { z } from 'zod';
import { CablecastSettingsSchema, type CablecastSettings } from '../../shared/settings';

/**
 * Words for the Cablecast fields, shared by the environment reader and the service's validation,
 * so "CABLECAST_TIMEOUT" and the settings screen explain a bad timeout the same way. Numeric
 * ranges are read from the shared schema, never restated.
 */
export type CablecastField = keyof CablecastSettings;

export const CABLECAST_FIELDS = Object.keys(CablecastSettingsSchema.shape) as CablecastField[];

const LABELS: Record<CablecastField, string> = {
  mode: 'Server mode',
  serverUrl: 'The server address',
  locationId: 'The location ID',
  username: 'The user name',
  timeoutMs: 'The request timeout',
  maxRetries: 'The number of retries',
  retryDelayMs: 'The first retry delay',
  offsetMode: 'The offset mode',
};

const MILLISECOND_FIELDS = new Set<CablecastField>(['timeoutMs', 'retryDelayMs']);

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

function range(field: 'timeoutMs' | 'maxRetries' | 'retryDelayMs'): string {
  const schema = CablecastSettingsSchema.shape[field];
  const min = schema.minValue ?? 0;
  const max = schema.maxValue ?? Number.MAX_SAFE_INTEGER;
  return MILLISECOND_FIELDS.has(field)
    ? `between ${seconds(min)} and ${seconds(max)}`
    : `a whole number from ${min} to ${max}`;
}

/** A sentence about what the field accepts, for when a value was refused. */
export function fieldRequirement(field: CablecastField): string {
  switch (field) {
    case 'timeoutMs':
    case 'retryDelayMs':
    case 'maxRetries':
      return `${LABELS[field]} must be ${range(field)}.`;
    case 'locationId':
      return `${LABELS[field]} must be a whole number of 1 or more (or empty).`;
    case 'mode':
      return `${LABELS[field]} must be one of: ${CablecastSettingsSchema.shape.mode.options.join(', ')}.`;
    case 'offsetMode':
      return `${LABELS[field]} must be one of: ${CablecastSettingsSchema.shape.offsetMode.options.join(', ')}.`;
    case 'serverUrl':
    case 'username':
      return `${LABELS[field]} is too long.`;
  }
}

export function isCablecastField(name: PropertyKey): name is CablecastField {
  return typeof name === 'string' && (CABLECAST_FIELDS as string[]).includes(name);
}

/** `cablecast.timeoutMs`-style paths, as ErrorInfo.path and SettingsView.fromEnvironment use. */
export function fieldPath(field: CablecastField): string {
  return `cablecast.${field}`;
}

/** Checks one value against the shared schema's rule for that field. */
export function checkField(field: CablecastField, value: unknown): z.ZodSafeParseResult<unknown> {
  return CablecastSettingsSchema.shape[field].safeParse(value);
}

/** Finds `user:password@` in an address, which must never be saved (the password goes to the keychain). */
export function hasUrlCredentials(address: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(address.trim()) ||
    /^[^/?#:]*:[^/?#]*@/.test(address.trim())
  );
}
