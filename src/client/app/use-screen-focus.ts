import { useEffect, useRef } from 'preact/hooks';

/**
 * Moves focus to the screen's heading when the screen changes, so a screen
 * reader announces where the therapist landed and keyboard focus is not lost.
 */
export function useScreenFocus<T extends HTMLElement>(key: unknown) {
  const heading = useRef<T>(null);
  useEffect(() => {
    if (document.activeElement && document.activeElement !== document.body) {
      heading.current?.focus({ preventScroll: false });
    }
  }, [key]);
  return heading;
}
