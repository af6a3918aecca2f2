import { useId } from 'react';
import type { SessionView } from '@circle/shared';
import './breakouts.css';

type Props = { reflections: SessionView['reflections'] };

/** After the return: the reflections members chose to share, with their names. Private ones never reach this page. */
export function SharedReflections({ reflections }: Props) {
  const id = useId();
  if (reflections.length === 0) return null;
  return (
    <section className="panel bo-shared" aria-labelledby={id}>
      <h2 className="panel-heading">
        <span id={id}>Shared reflections</span> <span className="count">{reflections.length}</span>
      </h2>
      <ul className="bo-shared-list">
        {reflections.map((r, i) => (
          <li key={i} className="bo-shared-item">
            <blockquote className="bo-shared-text">{r.text}</blockquote>
            <p className="bo-shared-name">— {r.name}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
