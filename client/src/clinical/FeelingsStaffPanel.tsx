import { useId } from 'react';
import { FeelingRound, type SessionView } from '@circle/shared';
import { ErrorAlert, StatusRegion } from '../ui/messages';
import type { ClinicalCommands } from './clinicalCommands';
import { answeredText, feelingLine, feelingRows, ROUND_NAMES, roundSpread, SCORES, spreadText } from './feelings';
import { useCommandState } from './hooks';

type Props = { view: Pick<SessionView, 'people' | 'clinical'>; commands: ClinicalCommands };

/**
 * Staff only: opening and closing the "How are you feeling?" check, each member's answers
 * (with the change since check-in), the group's spread, and answering for members in the room.
 */
export function FeelingsStaffPanel({ view, commands }: Props) {
  const id = useId();
  const command = useCommandState();
  const open = view.clinical.feelings.open;
  const rows = feelingRows(view);
  const answers = view.clinical.feelings.answers;
  const checkOutSpread = roundSpread(answers, FeelingRound.checkOut);
  const showCheckOut = open === FeelingRound.checkOut || checkOutSpread !== null;

  return (
    <section className="panel" aria-labelledby={id}>
      <h2 className="panel-heading">
        <span id={id}>Check-in and check-out</span>
      </h2>
      <p className="hint feelings-hint">Members answer “How are you feeling?” from 0 to 10. Only staff see the answers.</p>

      <StatusRegion className="notice notice-calm feelings-open">
        {open ? `${ROUND_NAMES[open]} is open: ${answeredText(rows, open)}.` : null}
      </StatusRegion>
      <div className="button-row">
        {open === null ? (
          <>
            <button type="button" className="button" disabled={command.busy} onClick={() => void command.run(commands.openFeelings(FeelingRound.checkIn))}>
              Open check-in
            </button>
            <button type="button" className="button button-secondary" disabled={command.busy} onClick={() => void command.run(commands.openFeelings(FeelingRound.checkOut))}>
              Open check-out
            </button>
          </>
        ) : (
          <button type="button" className="button button-secondary" disabled={command.busy} onClick={() => void command.run(commands.closeFeelings())}>
            Close feelings check
          </button>
        )}
      </div>

      {rows.length === 0 ? (
        <p className="muted panel-empty feelings-empty">No members are in the group yet.</p>
      ) : (
        <ul className="feelings-list" aria-label="Answers">
          {rows.map((row) => {
            const current = open === null ? null : open === FeelingRound.checkIn ? row.checkIn : row.checkOut;
            return (
              <li key={row.personId} className="feelings-row">
                <span className="feelings-who">
                  <span className="feelings-name">{row.name}</span>
                  {row.inRoom && <span className="badge">In the room</span>}
                </span>{' '}
                <span className="feelings-line">{feelingLine(row)}</span>
                {open !== null && row.inRoom && (
                  <span className="feelings-for field">
                    <label className="visually-hidden" htmlFor={`${id}-${row.personId}`}>
                      {ROUND_NAMES[open]} answer for {row.name}
                    </label>
                    <select
                      id={`${id}-${row.personId}`}
                      className="select select-small"
                      value={current === null ? '' : String(current)}
                      onChange={(e) => e.target.value !== '' && void command.run(commands.answerFor(row.personId, Number(e.target.value)))}
                    >
                      <option value="">Answer for them…</option>
                      {SCORES.map((s) => (
                        <option key={s} value={s}>
                          {s}
                        </option>
                      ))}
                    </select>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}

      <div className="feelings-spread">
        <p>{spreadText(FeelingRound.checkIn, roundSpread(answers, FeelingRound.checkIn))}</p>
        {showCheckOut && <p>{spreadText(FeelingRound.checkOut, checkOutSpread)}</p>}
      </div>
      <ErrorAlert message={command.error} />
    </section>
  );
}
