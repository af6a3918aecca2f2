/** Circle's mark: a ring around a quiet centre. Decorative. */
export function BrandMark({ className = 'brand-mark' }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <circle cx="32" cy="32" r="25" fill="none" stroke="currentColor" strokeWidth="7" />
      <circle cx="32" cy="32" r="9" fill="#8fb9a8" />
    </svg>
  );
}

/** Circle's mark and name; a link home when `home` is set. */
export function Brand({ home = false }: { home?: boolean }) {
  const mark = <BrandMark />;
  return home ? (
    <a className="brand" href="/">
      {mark}
      Circle
    </a>
  ) : (
    <span className="brand">
      {mark}
      Circle
    </span>
  );
}
