import { isStaff, type DeviceKind, type SelfView, type SessionView } from '@circle/shared';
import type { MediaSession } from '../media/media';
import { useMediaSnapshot } from '../media/useMediaSnapshot';
import { hasOwnMediaControls, usesMedia } from '../session/mediaTarget';
import { Brand } from '../ui/Brand';
import { useDocumentTitle, useFocusOnMount } from '../ui/hooks';
import { ErrorAlert, StatusRegion } from '../ui/messages';
import { ControlsBar } from './ControlsBar';
import { ParticipantsPanel } from './ParticipantsPanel';
import { RemoveDialog } from './RemoveDialog';
import { buildTiles, participantRows } from './roomModel';
import { useRoomActions, type Send } from './useRoomActions';
import { VideoGrid } from './VideoGrid';
import { WaitingRoomPanel } from './WaitingRoomPanel';
import './room.css';

export const VIDEO_UNAVAILABLE = 'Video is unavailable right now — Circle keeps trying in the background.';

type Props = {
  view: SessionView;
  self: SelfView;
  deviceKind: DeviceKind;
  reconnecting: boolean;
  /** Something the server asked to tell this person, e.g. that the facilitator muted them. */
  notice: string | null;
  media: MediaSession;
  send: Send;
  onLeave: () => void;
};

/** The group: video tiles, the participants, the staff's waiting room, and one's own controls. */
export function RoomScreen({ view, self, deviceKind, reconnecting, notice, media, send, onLeave }: Props) {
  const waitingCount = isStaff(self.role) ? view.waiting.length : 0;
  // Staff notice arrivals even from another tab.
  useDocumentTitle(`${waitingCount > 0 ? `(${waitingCount} waiting) ` : ''}${view.title} — Circle`);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const mediaState = useMediaSnapshot(media);
  const actions = useRoomActions(send);
  const staff = isStaff(self.role);
  const withMedia = usesMedia(deviceKind);
  const ownMedia = hasOwnMediaControls(deviceKind, self.role);

  const facts = { videos: mediaState.videos, speaking: mediaState.speaking };
  const tiles = buildTiles(view, self.personId, facts);
  const rows = participantRows(view, self.personId, self.role, facts);

  return (
    <div className="room">
      <header className="room-header">
        <Brand />
        <div className="room-title">
          <h1 ref={headingRef} tabIndex={-1}>
            {view.title}
          </h1>
          <p className="muted room-who">
            You are {self.name}
            {deviceKind === 'console' ? ' · control console' : deviceKind === 'roomDevice' ? ' · room camera' : ''}
          </p>
        </div>
      </header>

      <main className="room-main">
      <div className="room-notices">
        <StatusRegion>{reconnecting ? 'Reconnecting…' : null}</StatusRegion>
        <StatusRegion>{withMedia && mediaState.status === 'unavailable' ? VIDEO_UNAVAILABLE : null}</StatusRegion>
        <StatusRegion className="notice notice-calm">{withMedia ? mediaState.deviceProblem : null}</StatusRegion>
        <StatusRegion className="notice notice-calm">{notice}</StatusRegion>
        {withMedia && mediaState.audioBlocked && (
          <div className="notice notice-calm notice-action">
            <span>Your browser is holding back the group’s sound.</span>
            <button type="button" className="button button-small" onClick={() => void media.startAudio()}>
              Turn on sound
            </button>
          </div>
        )}
        <ErrorAlert message={actions.error} />
      </div>

      <div className={`room-body${withMedia ? '' : ' room-body-console'}`}>
        {withMedia ? (
          <VideoGrid tiles={tiles} attach={media.attachVideo} />
        ) : (
          <p className="notice notice-calm console-note">This device is a control console: no camera, microphone or sound.</p>
        )}
        <div className="side">
          {staff && (
            <WaitingRoomPanel
              waiting={view.waiting}
              busy={actions.busy}
              onAdmit={actions.admit}
              onAdmitAll={actions.admitAll}
            />
          )}
          <ParticipantsPanel rows={rows} busy={actions.busy} onSendToWaiting={actions.sendToWaiting} onRemove={actions.askRemove} />
        </div>
      </div>
      </main>

      <ControlsBar
        ownMedia={ownMedia}
        microphoneOn={mediaState.microphoneOn && self.micAllowed}
        micAllowed={self.micAllowed}
        cameraOn={mediaState.cameraOn}
        onMicrophone={media.setMicrophone}
        onCamera={media.setCamera}
        onLeave={onLeave}
      />

      {actions.pendingRemoval && (
        <RemoveDialog
          name={actions.pendingRemoval.name}
          busy={actions.busy}
          onConfirm={() => void actions.confirmRemove()}
          onCancel={actions.cancelRemove}
        />
      )}
    </div>
  );
}
