import { useEffect, useRef, type RefObject } from 'react';

/**
 * Ctrl+F (Cmd+F) jumps to a screen's search box, as in most desktop apps. Returns the ref to put
 * on that box's input; the shortcut is live while the screen is mounted.
 */
export function useFindShortcut(): RefObject<HTMLInputElement | null> {
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return searchRef;
}
