import { useId } from 'react';
import { CameraIcon, LeaveIcon, MicIcon } from './icons';

type Props = {
  /** This device has its own camera and microphone controls (not a console, not an observer). */
  ownMedia: boolean;
  microphoneOn: boolean;
  /** False while the talking piece is with someone else: the microphone stays closed. */
  micAllowed: boolean;
  cameraOn: boolean;
  onMicrophone: (on: boolean) => void;
  onCamera: (on: boolean) => void;
  onLeave: () => void;
};

/** This person's own controls. The buttons' names say what pressing them will do. */
export function ControlsBar({ ownMedia, microphoneOn, micAllowed, cameraOn, onMicrophone, onCamera, onLeave }: Props) {
  const id = useId();
  return (
    <section className="controls" aria-label="Your controls">
      {ownMedia && (
        <>
          <button
            type="button"
            className={`control${microphoneOn ? '' : ' control-off'}`}
            disabled={!micAllowed}
            aria-describedby={micAllowed ? undefined : `${id}-mic-held`}
            onClick={() => onMicrophone(!microphoneOn)}
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
      {ownMedia && !micAllowed && (
        <p id={`${id}-mic-held`} className="controls-note">
          Your microphone opens when it is your turn to speak.
        </p>
      )}
      <button type="button" className="control control-leave" onClick={onLeave}>
        <LeaveIcon />
        <span>Leave</span>
      </button>
    </section>
  );
}
