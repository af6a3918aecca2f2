import { useId, useLayoutEffect, useRef } from 'react';
import { StatusRegion } from '../ui/messages';
import { ArrowIcon } from '../room/icons';
import type { QueueRow, SpeakingQueue } from './queueModel';
import type { StaffTurnControls } from './turnControls';
import { TIME_UP } from './words';
import './queue.css';

type Props = {
  model: SpeakingQueue;
  controls: StaffTurnControls;
  /** Show "Time is up for this turn" (to the speaker and staff). */
  timeUp: boolean;
  onMove: (personId: string, by: -1 | 1) => void;
  onRemove: (personId: string) => void;
  onNext: () => void;
  onEndTurn: () => void;
};

/** Where focus goes once the queue changed under a staff button that moved or vanished. */
type FocusAfter = { personId: string; action: 'move-up' | 'move-down' | 'remove'; index: number; order: string };

const orderOf = (rows: readonly QueueRow[]) => rows.map((r) => r.personId).join(' ');

/**
 * Who speaks now and who waits, in order, for everyone; staff also reorder and advance it.
 * Unavailable buttons stay focusable (aria-disabled) so a keyboard user never loses their place.
 */
export function SpeakingQueuePanel({ model, controls, timeUp, onMove, onRemove, onNext, onEndTurn }: Props) {
  const id = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const focusAfter = useRef<FocusAfter | null>(null);
  const { speaker, waiting } = model;
  const order = orderOf(waiting);

  // Once the queue changed after a staff button, focus follows the person it acted on: a row
  // that moved may have been taken out of the page and put back, and a removed row is gone.
  useLayoutEffect(() => {
    const want = focusAfter.current;
    const section = sectionRef.current;
    if (!want || !section || want.order === order) return;
    focusAfter.current = null;
    const active = document.activeElement;
    if (active && active !== document.body && !section.contains(active)) return; // they went elsewhere meanwhile
    const same = section.querySelector<HTMLElement>(`[data-person="${CSS.escape(want.personId)}"][data-action="${want.action}"]`);
    const removes = section.querySelectorAll<HTMLElement>('[data-action="remove"]');
    const target = same ?? removes[Math.min(want.index, removes.length - 1)] ?? section.querySelector<HTMLElement>('[data-focus-fallback]');
    target?.focus();
  }, [order]);

  const press = (row: QueueRow, action: FocusAfter['action']) => {
    if (action === 'move-up' && row.first) return;
    if (action === 'move-down' && row.last) return;
    focusAfter.current = { personId: row.personId, action, index: row.place - 1, order };
    if (action === 'remove') onRemove(row.personId);
    else onMove(row.personId, action === 'move-up' ? -1 : 1);
  };

  return (
    <section ref={sectionRef} className="panel panel-queue" aria-labelledby={id}>
      <h2 className="panel-heading">
        <span id={id}>Speaking queue</span> <span className="count">{waiting.length}</span>
      </h2>

      <div className={`queue-now${speaker ? ' has-speaker' : ''}`}>
        <p role="status" className="queue-speaker">
          {speaker ? `Speaking now: ${speaker.name}${speaker.isSelf ? ' (you)' : ''}` : 'No one is speaking right now'}
        </p>
        {speaker && model.timeLeft && <p className="queue-time">{model.timeLeft}</p>}
      </div>
      <StatusRegion className="notice notice-calm queue-time-up">{timeUp ? TIME_UP : null}</StatusRegion>
      <StatusRegion className="queue-own">{model.ownPlace}</StatusRegion>

      {model.goRound && (
        <p className="queue-round">
          Go-round: {model.goRound.remaining === 0 ? 'the last turn' : `${model.goRound.remaining} still to come`}
          {model.goRound.passed.length > 0 && <> · Passed: {model.goRound.passed.join(', ')}</>}
        </p>
      )}

      {waiting.length === 0 ? (
        <p className="muted panel-empty">No one is waiting to speak.</p>
      ) : (
        <ol className="queue-list" aria-label="Waiting to speak">
          {waiting.map((row) => (
            <li key={row.personId} className={`queue-entry${row.isSelf ? ' is-self' : ''}`}>
              <div className="queue-who">
                <span className="queue-place">{row.place}.</span>{' '}
                <span className="queue-label">
                  <span className="queue-name">{row.name}</span>
                  {row.isSelf && <span className="muted"> (you)</span>}
                  {row.inRound && <> <span className="badge">Go-round</span></>}
                </span>
              </div>
              {controls.manageQueue && (
                <div className="person-actions">
                  <button
                    type="button"
                    className="button button-secondary button-small button-icon"
                    aria-disabled={row.first || undefined}
                    data-person={row.personId}
                    data-action="move-up"
                    onClick={() => press(row, 'move-up')}
                  >
                    <ArrowIcon direction="up" />
                    <span className="visually-hidden">Move {row.name} up</span>
                  </button>
                  <button
                    type="button"
                    className="button button-secondary button-small button-icon"
                    aria-disabled={row.last || undefined}
                    data-person={row.personId}
                    data-action="move-down"
                    onClick={() => press(row, 'move-down')}
                  >
                    <ArrowIcon direction="down" />
                    <span className="visually-hidden">Move {row.name} down</span>
                  </button>
                  <button
                    type="button"
                    className="button button-danger-outline button-small"
                    data-person={row.personId}
                    data-action="remove"
                    onClick={() => press(row, 'remove')}
                  >
                    <span>
                      Remove<span className="visually-hidden"> {row.name} from queue</span>
                    </span>
                  </button>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}

      {controls.manageQueue && (
        <div className="button-row">
          <button
            type="button"
            className="button"
            data-focus-fallback
            aria-disabled={!controls.nextSpeaker || undefined}
            onClick={() => controls.nextSpeaker && onNext()}
          >
            Next speaker
          </button>
          <button
            type="button"
            className="button button-secondary"
            aria-disabled={!controls.endTurn || undefined}
            onClick={() => controls.endTurn && onEndTurn()}
          >
            End turn
          </button>
        </div>
      )}
    </section>
  );
}
