import { useEffect, useRef, useState } from 'react';

/** Sets the tab's title while the calling screen is shown. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);
}

/**
 * Moves focus to the screen's main heading when the screen appears, so a screen reader says
 * where the person now is (prejoin → waiting → room happen without a page load).
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  return ref;
}

/** Lines that were not there before, once, for a polite announcement. */
export function useArrivals(lines: string[]): string | null {
  const seen = useRef(new Set(lines));
  const [announcement, setAnnouncement] = useState<string | null>(null);
  const key = lines.join('\n');
  useEffect(() => {
    const now = key === '' ? [] : key.split('\n');
    const fresh = now.filter((l) => !seen.current.has(l));
    seen.current = new Set(now);
    if (fresh.length > 0) setAnnouncement(fresh.join('. '));
  }, [key]);
  return announcement;
}
