import { useId, useState, type FormEvent } from 'react';
import type { FeelingRound } from '@circle/shared';
import { ErrorAlert, StatusRegion } from '../ui/messages';
import type { ClinicalCommands } from './clinicalCommands';
import { ROUND_NAMES, SCORES } from './feelings';
import { useCommandState } from './hooks';

export const FEELINGS_PRIVATE = 'Only the facilitators see your answer.';

type Props = {
  round: FeelingRound;
  /** What this member answered in this round so far (their own self view). */
  answered: number | null;
  commands: ClinicalCommands;
};

/** A member's own "How are you feeling?", 0 to 10, private to staff. Shown while a round is open. */
export function MemberFeelingsCard({ round, answered, commands }: Props) {
  const id = useId();
  const command = useCommandState();
  const [chosen, setChosen] = useState<number | null>(answered);
  const changed = chosen !== null && chosen !== answered;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen !== null && !command.busy) void command.run(commands.answer(chosen));
  };

  return (
    <section className="panel feelings-card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="panel-heading">
        {ROUND_NAMES[round]}
      </h2>
      <form onSubmit={submit}>
        <fieldset className="scale-set" role="radiogroup" aria-labelledby={`${id}-legend`} aria-describedby={`${id}-ends ${id}-private`}>
          <legend id={`${id}-legend`} className="scale-question">
            How are you feeling?
          </legend>
          <p id={`${id}-ends`} className="hint scale-hint">
            0 is the lowest you can feel, 10 the best.
          </p>
          <div className="scale">
            {SCORES.map((score) => (
              <label key={score} className="scale-choice">
                <input type="radio" name={`${id}-score`} value={score} checked={chosen === score} onChange={() => setChosen(score)} />
                <span>{score}</span>
              </label>
            ))}
          </div>
          <div className="scale-ends" aria-hidden="true">
            <span>Lowest</span>
            <span>Best</span>
          </div>
        </fieldset>
        <p id={`${id}-private`} className="feelings-private">
          {FEELINGS_PRIVATE}
        </p>
        <div className="button-row">
          <button type="submit" className="button" disabled={chosen === null || command.busy}>
            Send
          </button>
          <StatusRegion className="feelings-sent">
            {answered !== null && !changed ? `Sent: ${answered}. You can change it until the facilitator closes the check.` : null}
          </StatusRegion>
        </div>
        <ErrorAlert message={command.error} />
      </form>
    </section>
  );
}
