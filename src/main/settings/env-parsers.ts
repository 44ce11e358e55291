/**
 * Readers for the text of an environment variable. Each returns the value for the setting, or the
 * problem in words for the warning that names the variable ("… was ignored: <problem>.").
 */
export type Parsed = { ok: true; value: unknown } | { ok: false; problem: string };

export type EnvParser = (text: string) => Parsed;

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s)?$/i;

/**
 * The original system's durations were whole seconds; `30`, `30s`, `0.5`, `1500ms` all work here.
 * Returns milliseconds, or null for anything else.
 */
export function parseDurationMs(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match?.[1]) return null;
  const amount = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  const ms = unit === 'ms' ? amount : amount * 1000;
  return Number.isFinite(ms) ? Math.round(ms) : null;
}

export function parseWholeNumber(text: string): Parsed {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed)
    ? { ok: true, value: Number(trimmed) }
    : { ok: false, problem: 'it is not a whole number' };
}

export function parseDuration(text: string): Parsed {
  const ms = parseDurationMs(text);
  return ms === null
    ? { ok: false, problem: 'expected seconds ("30"), or a number with s or ms ("30s", "1500ms")' }
    : { ok: true, value: ms };
}

export function parseText(text: string): Parsed {
  return { ok: true, value: text.trim() };
}

/** Finds `user:password@` in an address, which must never be saved (the password goes to the keychain). */
export function hasUrlCredentials(address: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(address.trim()) ||
    /^[^/?#:]*:[^/?#]*@/.test(address.trim())
  );
}

export function parseServerAddress(text: string): Parsed {
  const trimmed = text.trim();
  if (/\s/.test(trimmed)) return { ok: false, problem: 'an address cannot contain spaces' };
  if (hasUrlCredentials(trimmed)) {
    return {
      ok: false,
      problem: 'it contains a user name or password; use CABLECAST_USER_ID and CABLECAST_PASSWORD',
    };
  }
  return { ok: true, value: trimmed };
}

/**
 * A VOD transcode quality is named on the server ("720p", "Auto"), but the API takes its id, and
 * a name cannot be turned into an id without asking the server: a name is refused, not guessed.
 */
export function parseQualityId(text: string): Parsed {
  const parsed = parseWholeNumber(text);
  return parsed.ok
    ? parsed
    : {
        ok: false,
        problem:
          'it is not a whole number (the id of a VOD transcode quality; quality names are not accepted)',
      };
}

/** `true`/`false`, as the original system wrote them; also 1/0, yes/no, on/off. */
export function parseBoolean(text: string): Parsed {
  const word = text.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(word)) return { ok: true, value: true };
  if (['false', '0', 'no', 'off', ''].includes(word)) return { ok: true, value: false };
  return { ok: false, problem: 'expected true or false' };
}
