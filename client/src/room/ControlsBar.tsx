import { useId } from 'react';
import { TURN_BUTTON_LABELS, TurnButton } from '../queue/turnControls';
import { MIC_HELD } from '../queue/words';
import { CameraIcon, HandIcon, LeaveIcon, MicIcon, PassIcon } from './icons';

type Props = {
  /** This device has its own camera and microphone controls (not a console, not an observer). */
  ownMedia: boolean;
  microphoneOn: boolean;
  /** False while the talking piece is with someone else: the microphone stays closed. */
  micAllowed: boolean;
  cameraOn: boolean;
  /** A member's one turn-taking button (Raise hand, Lower hand or Pass), if any now. */
  turnButton: TurnButton | null;
  onMicrophone: (on: boolean) => void;
  onCamera: (on: boolean) => void;
  onTurnButton: (button: TurnButton) => void;
  onLeave: () => void;
};

/** This person's own controls. The buttons' names say what pressing them will do. */
export function ControlsBar({ ownMedia, microphoneOn, micAllowed, cameraOn, turnButton, onMicrophone, onCamera, onTurnButton, onLeave }: Props) {
  const id = useId();
  return (
    <section className="controls" aria-label="Your controls">
      {ownMedia && !micAllowed && (
        <p id={`${id}-mic-held`} className="controls-note">
          {MIC_HELD}
        </p>
      )}
      <div className="controls-row">
        {ownMedia && (
          <>
            <button
              type="button"
              className={`control${microphoneOn ? '' : ' control-off'}`}
              // Focusable while held closed, so the reason is read out with it.
              aria-disabled={!micAllowed || undefined}
              aria-describedby={micAllowed ? undefined : `${id}-mic-held`}
              onClick={() => micAllowed && onMicrophone(!microphoneOn)}
            >
              <MicIcon off={!microphoneOn} />
              <span>{microphoneOn ? 'Mute microphone' : 'Unmute microphone'}</span>
            </button>
            <button type="button" className={`control${cameraOn ? '' : ' control-off'}`} onClick={() => onCamera(!cameraOn)}>
              <CameraIcon off={!cameraOn} />
              <span>{cameraOn ? 'Turn camera off' : 'Turn camera on'}</span>
            </button>
          </>
        )}
        {turnButton && (
          <button
            type="button"
            className={`control${turnButton === TurnButton.lower ? ' control-raised' : ''}`}
            onClick={() => onTurnButton(turnButton)}
          >
            {turnButton === TurnButton.pass ? <PassIcon /> : <HandIcon />}
            <span>{TURN_BUTTON_LABELS[turnButton]}</span>
          </button>
        )}
        <button type="button" className="control control-leave" onClick={onLeave}>
          <LeaveIcon />
          <span>Leave</span>
        </button>
      </div>
    </section>
  );
}
