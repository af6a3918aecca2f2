import { useId, useState, type FormEvent } from 'react';
import type { SelfView } from '@circle/shared';
import type { Send } from '../net/connection';
import { ErrorAlert } from '../ui/messages';
import { usePanelCommands } from './hooks';

type Props = {
  /** The person's own saved reflection of this round, if any. */
  saved: SelfView['reflection'];
  send: Send;
};

const MAX = 2000;

/** Words for what happens to a saved reflection. */
export function savedText(shared: boolean): string {
  return shared
    ? 'Saved. It will be shown to the group, with your name, when everyone returns.'
    : 'Saved. It stays private: only you can see it.';
}

/** A member's own reflection: private unless they choose to share it with the group. */
export function ReflectionForm({ saved, send }: Props) {
  const id = useId();
  const { run, error, busy } = usePanelCommands(send);
  const [text, setText] = useState(saved?.text ?? '');
  const [shared, setShared] = useState(saved?.shared ?? false);
  const [status, setStatus] = useState<string | null>(null);
  const unchanged = saved !== null && saved.text === text.trim() && saved.shared === shared;

  async function save(event: FormEvent) {
    event.preventDefault();
    const ack = await run('reflection:save', { text: text.trim(), shared });
    if (ack.ok) setStatus(savedText(shared));
  }

  return (
    <form className="bo-reflection" onSubmit={(e) => void save(e)}>
      <div className="field">
        <label htmlFor={`${id}-text`}>Your reflection</label>
        <textarea
          id={`${id}-text`}
          className="input bo-textarea"
          rows={4}
          maxLength={MAX}
          value={text}
          aria-describedby={`${id}-hint`}
          onChange={(e) => {
            setText(e.target.value);
            setStatus(null);
          }}
        />
        <span id={`${id}-hint`} className="hint">
          Private unless you choose to share it.
        </span>
      </div>
      <label className="bo-check">
        <input
          type="checkbox"
          checked={shared}
          onChange={(e) => {
            setShared(e.target.checked);
            setStatus(null);
          }}
        />
        <span>Share with the group</span>
      </label>
      <ErrorAlert message={error} />
      <div className="button-row">
        <button type="submit" className="button button-secondary" disabled={busy || text.trim() === ''}>
          Save reflection
        </button>
        <span role="status" className="hint bo-saved">
          {status ?? (unchanged && saved ? savedText(saved.shared) : null)}
        </span>
      </div>
    </form>
  );
}
