import { useEffect, useId, useRef, useState } from 'react';
import type { TurnsView } from '@circle/shared';
import type { StaffTurnControls } from './turnControls';
import { turnLengthOptions } from './words';
import './queue.css';

type Props = {
  turns: TurnsView;
  controls: StaffTurnControls;
  /** Each resolves to whether the server took the change. */
  onTurnLength: (seconds: number | null) => Promise<boolean>;
  onAutoEnd: (on: boolean) => Promise<boolean>;
  onTalkingPiece: (on: boolean) => Promise<boolean>;
  onStartGoRound: () => void;
  onEndGoRound: () => void;
};

/**
 * What a control shows: the person's choice while it is on its way, then the session's value
 * again (the same one, once taken; the old one, if refused).
 */
function useShown<T>(fromView: T): [T, (next: T, sent: Promise<boolean>) => void] {
  const [pending, setPending] = useState<{ value: T } | null>(null);
  const latest = useRef(0);
  useEffect(() => setPending(null), [fromView]);
  const choose = (next: T, sent: Promise<boolean>) => {
    const mine = ++latest.current;
    setPending({ value: next });
    void sent.then((ok) => {
      if (!ok && mine === latest.current) setPending(null);
    });
  };
  return [pending ? pending.value : fromView, choose];
}

/** Staff only: the go-round, the turn timer and talking-piece mode. */
export function TurnSettingsPanel({ turns, controls, onTurnLength, onAutoEnd, onTalkingPiece, onStartGoRound, onEndGoRound }: Props) {
  const id = useId();
  const [length, chooseLength] = useShown(turns.turnSeconds);
  const [autoEnd, chooseAutoEnd] = useShown(turns.autoEnd);
  const [talkingPiece, chooseTalkingPiece] = useShown(turns.talkingPiece);
  const options = turnLengthOptions(length);

  return (
    <section className="panel" aria-labelledby={id}>
      <h2 className="panel-heading">
        <span id={id}>Turn settings</span>
      </h2>
      <div className="settings">
        <div className="setting">
          {controls.endGoRound ? (
            <button type="button" className="button button-secondary" onClick={onEndGoRound}>
              End go-round
            </button>
          ) : (
            <button type="button" className="button button-secondary" onClick={onStartGoRound} aria-describedby={`${id}-round`}>
              Start go-round
            </button>
          )}
          <p id={`${id}-round`} className="hint setting-hint">
            Every member present gets a turn, in the order of the participant list. Anyone can pass.
          </p>
        </div>

        <div className="setting field">
          <label htmlFor={`${id}-length`}>Turn length</label>
          <select
            id={`${id}-length`}
            className="select"
            value={length === null ? '' : String(length)}
            onChange={(e) => {
              const seconds = e.target.value === '' ? null : Number(e.target.value);
              chooseLength(seconds, onTurnLength(seconds));
            }}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <label className="check">
            <input
              type="checkbox"
              checked={autoEnd}
              aria-describedby={`${id}-auto`}
              onChange={(e) => chooseAutoEnd(e.target.checked, onAutoEnd(e.target.checked))}
            />
            <span>End turns automatically</span>
          </label>
          <p id={`${id}-auto`} className="hint setting-hint">
            {length === null ? 'Takes effect once a turn length is chosen.' : 'Otherwise the speaker and staff are told when time is up.'}
          </p>
        </div>

        <div className="setting">
          <button
            type="button"
            role="switch"
            aria-checked={talkingPiece}
            aria-describedby={`${id}-piece`}
            className="switch"
            onClick={() => chooseTalkingPiece(!talkingPiece, onTalkingPiece(!talkingPiece))}
          >
            <span className="switch-track" aria-hidden="true">
              <span className="switch-thumb" />
            </span>
            <span>Talking-piece mode</span>
            <span className="switch-state" aria-hidden="true">
              {talkingPiece ? 'On' : 'Off'}
            </span>
          </button>
          <p id={`${id}-piece`} className="hint setting-hint">
            Only the person speaking, and staff, can use a microphone.
          </p>
        </div>
      </div>
    </section>
  );
}
