import { useEffect, useRef, useState } from 'react';

type CopyState = 'idle' | 'working' | 'copied' | 'refused';

/** How long "Copied" (or "Select and copy it") shows before the label comes back. */
const SAY_MS = 2_000;

/**
 * Writes text to the clipboard. False when the page may not (no clipboard outside a secure
 * context, a permission refused): the caller offers the text to select instead.
 */
export async function writeClipboard(text: string): Promise<boolean> {
  try {
    if (typeof navigator === 'undefined' || !navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies text to the clipboard, saying "Copied" for a moment. `text` may be a function that
 * fetches it first (the button says `workingLabel` meanwhile). When the clipboard is refused,
 * `onRefused` gets the text to show for selection (without it, the button says to select and
 * copy it); when fetching fails, `onError` gets the error.
 */
export function CopyButton({
  text,
  label,
  workingLabel = 'Copying…',
  onRefused,
  onError,
}: {
  text: string | (() => Promise<string>);
  label: string;
  workingLabel?: string;
  onRefused?: (text: string) => void;
  onError?: (error: unknown) => void;
}) {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const say = (next: CopyState) => {
    setState(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = next === 'idle' ? null : setTimeout(() => setState('idle'), SAY_MS);
  };

  async function copy(): Promise<void> {
    let value: string;
    try {
      if (typeof text === 'string') {
        value = text;
      } else {
        setState('working');
        value = await text();
      }
    } catch (error) {
      say('idle');
      onError?.(error);
      return;
    }
    if (await writeClipboard(value)) {
      say('copied');
    } else {
      onRefused?.(value);
      say(onRefused ? 'idle' : 'refused');
    }
  }

  return (
    <button
      type="button"
      className="btn btn-small"
      disabled={state === 'working'}
      onClick={() => void copy()}
    >
      {state === 'working'
        ? workingLabel
        : state === 'copied'
          ? 'Copied'
          : state === 'refused'
            ? 'Select and copy it'
            : label}
    </button>
  );
}
