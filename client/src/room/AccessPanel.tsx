import { useId, useState } from 'react';
import type { Send } from '../net/connection';

type Props = { locked: boolean; send: Send };

/**
 * Staff only: who can still get in. Locking keeps anyone new out, even of the waiting room;
 * a fresh link replaces a member or observer link that went somewhere it should not have.
 */
export function AccessPanel({ locked, send }: Props) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [fresh, setFresh] = useState<{ role: 'member' | 'observer'; link: string } | null>(null);
  const [copied, setCopied] = useState(false);

  async function toggleLock() {
    const ack = await send('session:lock', { locked: !locked });
    setError(ack.ok ? null : ack.error.message);
  }

  async function reissue(role: 'member' | 'observer') {
    const ack = await send('links:reissue', { role });
    if (!ack.ok) return setError(ack.error.message);
    setError(null);
    setCopied(false);
    setFresh({ role, link: ack.link });
  }

  return (
    <section className="panel panel-access" aria-labelledby={id}>
      <h2 className="panel-heading" id={id}>
        Access
      </h2>
      <div className="switch-row">
        <button type="button" role="switch" aria-checked={locked} className="switch" onClick={() => void toggleLock()}>
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          <span>Lock session</span>
        </button>
      </div>
      <p className="muted">{locked ? 'Locked: nobody new can join, not even the waiting room.' : 'Open: people with the link can reach the waiting room.'}</p>
      <div className="button-row">
        <button type="button" className="button button-secondary button-small" onClick={() => void reissue('member')}>
          New member link
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => void reissue('observer')}>
          New observer link
        </button>
      </div>
      {fresh && (
        <div className="fresh-link">
          <p>
            The old {fresh.role} link no longer works. People already in the session are not affected. New {fresh.role} link:
          </p>
          <p className="link-text" aria-label={`New ${fresh.role} link`}>
            {fresh.link}
          </p>
          <button
            type="button"
            className="button button-small"
            onClick={() => void navigator.clipboard?.writeText(fresh.link).then(() => setCopied(true), () => setCopied(false))}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="notice notice-error">
          {error}
        </p>
      )}
    </section>
  );
}
