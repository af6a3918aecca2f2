import { useState } from 'react';

type Props = { link: string };

/**
 * A person's own link, to join from a second device as the same person (a tablet as a
 * control console, say) rather than as a newcomer. Folded away: it is personal.
 */
export function OtherDeviceLink({ link }: Props) {
  const [copied, setCopied] = useState(false);
  return (
    <details className="other-device">
      <summary>Join from another device</summary>
      <p className="muted">Open this link on your other device to join as yourself, without waiting again. Keep it to yourself.</p>
      <p className="link-text" aria-label="Your personal link">
        {link}
      </p>
      <button
        type="button"
        className="button button-small button-secondary"
        onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true), () => setCopied(false))}
      >
        {copied ? 'Copied' : 'Copy your link'}
      </button>
    </details>
  );
}

/** The personal link of the person joined in this browser, or null. */
export function personalLink(origin: string, personToken: string | null): string | null {
  return personToken ? `${origin}/join#${personToken}` : null;
}
