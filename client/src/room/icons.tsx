/** Small line icons for the controls; decorative, the buttons carry the words. */
const common = { width: 22, height: 22, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true, focusable: false } as const;

export function MicIcon({ off }: { off: boolean }) {
  return (
    <svg {...common}>
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
      {off && <path d="M4 4l16 16" />}
    </svg>
  );
}

export function CameraIcon({ off }: { off: boolean }) {
  return (
    <svg {...common}>
      <rect x="3" y="6" width="13" height="12" rx="2" />
      <path d="M16 10l5-3v10l-5-3" />
      {off && <path d="M4 4l16 16" />}
    </svg>
  );
}

export function LeaveIcon() {
  return (
    <svg {...common}>
      <path d="M10 4H6a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h4M15 16l4-4-4-4M19 12H9" />
    </svg>
  );
}

export function HandIcon() {
  return (
    <svg {...common}>
      <path d="M8 13V5.5a1.5 1.5 0 0 1 3 0V11M11 10.5v-7a1.5 1.5 0 0 1 3 0V11M14 10.5v-5a1.5 1.5 0 0 1 3 0V12" />
      <path d="M17 9.5a1.5 1.5 0 0 1 3 0V14a7 7 0 0 1-7 7h-1.2a6 6 0 0 1-4.5-2.1L4.2 15.3a1.6 1.6 0 0 1 2.4-2.1L8 14.5" />
    </svg>
  );
}

export function PassIcon() {
  return (
    <svg {...common}>
      <path d="M5 12h12M13 7l5 5-5 5" />
    </svg>
  );
}

export function ArrowIcon({ direction }: { direction: 'up' | 'down' }) {
  return (
    <svg {...common} width={18} height={18}>
      {direction === 'up' ? <path d="M12 19V5M6 11l6-6 6 6" /> : <path d="M12 5v14M6 13l6 6 6-6" />}
    </svg>
  );
}
