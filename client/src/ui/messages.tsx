import type { ReactNode } from 'react';

/** An error the person should notice now; announced by screen readers when it appears. */
export function ErrorAlert({ message, id }: { message: string | null; id?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="alert" id={id}>
      {message}
    </p>
  );
}

/**
 * A polite live region that stays mounted, so that text appearing in it is announced.
 * Shows nothing (and takes no space) while empty.
 */
export function StatusRegion({ children, className = 'notice', label }: { children?: ReactNode; className?: string; label?: string }) {
  const empty = children === null || children === undefined || children === false || children === '';
  return (
    <div role="status" aria-label={label} className={empty ? undefined : className}>
      {empty ? null : children}
    </div>
  );
}
