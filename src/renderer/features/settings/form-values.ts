/**
 * Reading what a person typed into a settings form. Numbers are checked here so the message can
 * speak of the field as it is shown; ranges are the core's to check, and its refusal names the
 * field by its path.
 */
export interface FormError {
  message: string;
  /** The setting's dotted path (`publishing.concurrency`), when the error is about one field. */
  path?: string;
}

/**
 * A number typed by a person (a decimal comma accepted); NaN, with an error added, otherwise.
 * `unit` finishes the sentence: "is not a number of seconds".
 */
export function readNumber(
  text: string,
  field: { path: string; label: string },
  unit: string | null,
  errors: FormError[],
): number {
  const trimmed = text.trim().replace(',', '.');
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(value)) {
    errors.push({
      path: field.path,
      message: `${field.label}: "${text}" is not a number${unit === null ? '' : ` of ${unit}`}.`,
    });
  }
  return value;
}

/** An id that may be left empty for "none chosen". */
export function readOptionalId(
  text: string,
  field: { path: string; label: string },
  errors: FormError[],
): number | null {
  return text.trim() === '' ? null : readNumber(text, field, null, errors);
}

/** Seconds shown for a duration kept in milliseconds. */
export function secondsText(ms: number): string {
  return String(ms / 1000);
}

/** Milliseconds for seconds typed in a form. */
export function msFromSeconds(seconds: number): number {
  return Math.round(seconds * 1000);
}
