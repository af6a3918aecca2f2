import { useId } from 'react';
import { Role, type PersonView } from '@circle/shared';
import { locationText } from './location';

/**
 * Staff only: where online members said they are, for an emergency. Folded away by default,
 * since a facilitator's screen is sometimes shared.
 */
export function LocationsPanel({ people }: { people: readonly PersonView[] }) {
  const id = useId();
  const online = people.filter((p) => p.role === Role.member && p.attendance === 'online');
  if (online.length === 0) return null;
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 className="panel-heading">
        <span id={id}>Member locations</span>
      </h2>
      <details className="locations">
        <summary>Show where members are (for emergencies)</summary>
        <ul className="locations-list">
          {online.map((p) => (
            <li key={p.id}>
              <span className="person-name">{p.name}</span>: {locationText(p.location) ?? <span className="muted">not given</span>}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
