import { useId, useState } from 'react';
import { useFocusOnMount } from '../ui/hooks';
import { StatusRegion } from '../ui/messages';
import type { CreatedSession } from './useCreateSession';

const LINKS = [
  { key: 'facilitator', label: 'Facilitator link', note: 'For you. Keep it private: it carries the facilitator’s controls.' },
  { key: 'cotherapist', label: 'Co-therapist link', note: 'For your co-therapist. Keep it private too.' },
  { key: 'member', label: 'Member link', note: 'Share with the group. Members wait until you let them in.' },
  { key: 'observer', label: 'Observer link', note: 'For observers, who watch and never speak or show video.' },
] as const;

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** The four links of a new session, each with its URL shown and a Copy button. */
export function SessionLinksCard({ session }: { session: CreatedSession }) {
  const id = useId();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const [copied, setCopied] = useState<string | null>(null);

  const copy = async (label: string, url: string) => {
    const ok = await copyText(url);
    setCopied(ok ? `${label} copied.` : `Copying did not work here. Select the ${label.toLowerCase()} and copy it by hand.`);
  };

  return (
    <section className="card links-card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        Links for “{session.title}”
      </h2>
      <p className="muted">Anyone with a link can use it, so send each one only to the people it is for.</p>
      <p className="muted">
        Session id, for the attendance record: <code className="session-id">{session.sessionId}</code>
      </p>
      <ul className="links" aria-labelledby={`${id}-heading`}>
        {LINKS.map(({ key, label, note }) => {
          const url = session.links[key];
          const labelId = `${id}-${key}`;
          return (
            <li key={key} className="link-item">
              <div className="link-head">
                <h3 id={labelId} className="link-label">
                  {label}
                </h3>
                <button type="button" className="button button-secondary button-small" aria-describedby={labelId} onClick={() => void copy(label, url)}>
                  Copy
                </button>
              </div>
              <a className="link-url" href={url} target="_blank" rel="noopener noreferrer" aria-labelledby={labelId}>
                {url}
              </a>
              <p className="hint">{note}</p>
            </li>
          );
        })}
      </ul>
      <StatusRegion className="notice notice-calm">{copied}</StatusRegion>
    </section>
  );
}
