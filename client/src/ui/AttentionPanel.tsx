import { useId, type ReactNode } from 'react';
import { ErrorAlert, StatusRegion } from './messages';
import { useArrivals } from './hooks';
import './attention.css';

export type AttentionIds = { text: string; panel: string };

type Props = {
  heading: string;
  /** One line per request waiting, announced to screen readers as it arrives. */
  arrivals: string[];
  /** Each request waiting; its actions get the ids of its text and of the panel, for `aria-describedby`. */
  items: { key: string; text: ReactNode; actions: (ids: AttentionIds) => ReactNode }[];
  /** Below the list (a hint, say), given the panel's id. */
  footer?: (panelId: string) => ReactNode;
  error: string | null;
};

/**
 * Staff: requests that need someone now (a breakout's call for help, a member's support
 * signal), shown above everything else while any is waiting. The announcement region stays
 * mounted, so an arrival is read out even when the panel itself has only just appeared.
 */
export function AttentionPanel({ heading, arrivals, items, footer, error }: Props) {
  const id = useId();
  const announcement = useArrivals(arrivals);
  return (
    <>
      <StatusRegion className="visually-hidden">{announcement}</StatusRegion>
      {items.length > 0 && (
        <section className="attention" aria-labelledby={id}>
          <h2 id={id} className="attention-heading">
            {heading}
          </h2>
          <ul className="attention-list">
            {items.map((item) => (
              <li key={item.key} className="attention-item">
                <span id={`${id}-${item.key}`} className="attention-text">
                  {item.text}
                </span>
                <span className="attention-actions">{item.actions({ text: `${id}-${item.key}`, panel: id })}</span>
              </li>
            ))}
          </ul>
          {footer?.(id)}
          <ErrorAlert message={error} />
        </section>
      )}
    </>
  );
}
