import { isStaff, type DeviceKind, type SelfView, type SessionView } from '@circle/shared';
import type { MediaSession } from '../media/media';
import { useMediaSnapshot } from '../media/useMediaSnapshot';
import { hasOwnMediaControls, usesMedia } from '../session/mediaTarget';
import { Brand } from '../ui/Brand';
import { useDocumentTitle, useFocusOnMount } from '../ui/hooks';
import { ErrorAlert, StatusRegion } from '../ui/messages';
import { SharesPanel } from '../queue/SharesPanel';
import { SpeakingQueuePanel } from '../queue/SpeakingQueuePanel';
import { TurnSettingsPanel } from '../queue/TurnSettingsPanel';
import { shareRows, speakingQueue } from '../queue/queueModel';
import { memberTurnButton, seesTimeUp, staffTurnControls } from '../queue/turnControls';
import { useTurnClock } from '../queue/useTurnClock';
import { ControlsBar } from './ControlsBar';
import { ParticipantsPanel } from './ParticipantsPanel';
import { RemoveDialog } from './RemoveDialog';
import { buildTiles, participantRows } from './roomModel';
import { useRoomActions, type Send } from './useRoomActions';
import { VideoGrid } from './VideoGrid';
import { WaitingRoomPanel } from './WaitingRoomPanel';
import { AccessPanel } from './AccessPanel';
import { OtherDeviceLink } from './OtherDeviceLink';
import { HelpRequests } from '../breakouts/HelpRequests';
import { MemberBreakoutPanel } from '../breakouts/MemberBreakoutPanel';
import { SharedReflections } from '../breakouts/SharedReflections';
import { StaffBreakoutsPanel } from '../breakouts/StaffBreakoutsPanel';
import { inMediaRoom, peopleHere } from '../breakouts/whereabouts';
import { NeedSupportButton } from '../support/NeedSupportButton';
import { SupportRooms } from '../support/SupportRooms';
import { SupportSignals } from '../support/SupportSignals';
import { ClinicalNotices, ClinicalStaffPanels, InRoomMembers } from '../clinical/RoomClinical';
import { SessionClock } from '../clinical/SessionClock';
import './room.css';

export const VIDEO_UNAVAILABLE = 'Video is unavailable right now — Circle keeps trying in the background.';

type Props = {
  /** This person's own link, for joining from a second device. */
  ownLink?: string | null;
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
export function RoomScreen({ view, self, deviceKind, reconnecting, notice, media, send, onLeave, ownLink = null }: Props) {
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
  // Tiles for the people in this person's media room: the group, a breakout room or a support room.
  const tiles = buildTiles({ ...view, people: peopleHere(view, self.personId, inMediaRoom(facts)) }, self.personId, facts);
  const rows = participantRows(view, self.personId, self.role, facts);

  const turns = view.turns;
  const { now, timeUp } = useTurnClock(turns.current);
  const queue = speakingQueue(view, self.personId, now);
  const staffControls = staffTurnControls(self.role, turns);
  const ok = (sent: Promise<{ ok: boolean }>) => sent.then((ack) => ack.ok);

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
        <SessionClock clinical={view.clinical} />
        {self.role === 'member' && <NeedSupportButton view={view} self={self} send={send} />}
      </header>

      <main className="room-main">
      <div className="room-notices">
        <StatusRegion>{reconnecting ? 'Reconnecting…' : null}</StatusRegion>
        <StatusRegion>{withMedia && mediaState.status === 'unavailable' ? VIDEO_UNAVAILABLE : null}</StatusRegion>
        <StatusRegion className="notice notice-calm">{withMedia ? mediaState.deviceProblem : null}</StatusRegion>
        <StatusRegion className="notice notice-calm">{notice}</StatusRegion>
        <StatusRegion className="notice notice-calm">{actions.notice}</StatusRegion>
        {withMedia && mediaState.audioBlocked && (
          <div className="notice notice-calm notice-action">
            <span>Your browser is holding back the group’s sound.</span>
            <button type="button" className="button button-small" onClick={() => void media.startAudio()}>
              Turn on sound
            </button>
          </div>
        )}
        <ErrorAlert message={actions.error} />
        {staff && <HelpRequests view={view} selfId={self.personId} send={send} />}
        {staff && <SupportSignals view={view} selfId={self.personId} send={send} />}
      </div>
      <ClinicalNotices view={view} self={self} send={send} />

      <SupportRooms view={view} self={self} send={send} />
      {!staff && <MemberBreakoutPanel view={view} self={self} send={send} />}
      {!view.breakouts && <SharedReflections reflections={view.reflections} />}

      <div className={`room-body${withMedia ? '' : ' room-body-console'}`}>
        <div className="room-queue">
          <SpeakingQueuePanel
            model={queue}
            controls={staffControls}
            timeUp={timeUp !== null && seesTimeUp(self.role, self.personId, timeUp.personId)}
            onMove={(personId, by) => void actions.turns.move(turns, personId, by)}
            onRemove={(personId) => void actions.turns.remove(turns, personId)}
            onNext={() => void actions.turns.next(turns)}
            onEndTurn={() => void actions.turns.endTurn(turns)}
          />
        </div>
        <div className="room-video">
          {withMedia ? (
            <VideoGrid tiles={tiles} attach={media.attachVideo} />
          ) : (
            <p className="notice notice-calm console-note">This device is a control console: no camera, microphone or sound.</p>
          )}
        </div>
        <div className="side">
          {staff && (
            <WaitingRoomPanel
              waiting={view.waiting}
              encrypted={view.e2ee}
              busy={actions.busy}
              onAdmit={actions.admit}
              onAdmitAll={actions.admitAll}
            />
          )}
          {staff && <AccessPanel locked={view.locked} send={send} />}
          {ownLink && <OtherDeviceLink link={ownLink} />}
          {staff && <StaffBreakoutsPanel view={view} selfId={self.personId} send={send} />}
          {staffControls.settings && (
            <TurnSettingsPanel
              turns={turns}
              controls={staffControls}
              onTurnLength={(seconds) => ok(actions.turns.setTurnLength(turns, seconds))}
              onAutoEnd={(on) => ok(actions.turns.setAutoEnd(turns, on))}
              onTalkingPiece={(on) => ok(actions.turns.setTalkingPiece(on))}
              onStartGoRound={() => void actions.turns.startGoRound()}
              onEndGoRound={() => void actions.turns.endGoRound()}
            />
          )}
          <ParticipantsPanel
            rows={rows}
            busy={actions.busy}
            staff={staff}
            onSendToWaiting={actions.sendToWaiting}
            onRemove={actions.askRemove}
            onMute={(personId, name) => void actions.mute(personId, name)}
            onMuteAll={() => void actions.muteAll()}
            onHandFor={(personId, raise) => void (raise ? actions.turns.raiseHandFor(personId) : actions.turns.lowerHandFor(personId))}
          />
          <InRoomMembers self={self} send={send} />
          {staff && <SharesPanel rows={shareRows(view)} />}
        </div>
        <ClinicalStaffPanels view={view} self={self} send={send} />
      </div>
      </main>

      <ControlsBar
        ownMedia={ownMedia}
        microphoneOn={mediaState.microphoneOn && self.micAllowed}
        micAllowed={self.micAllowed}
        cameraOn={mediaState.cameraOn}
        turnButton={memberTurnButton(self.role, turns, self.personId)}
        onMicrophone={media.setMicrophone}
        onCamera={media.setCamera}
        onTurnButton={(button) => void actions.turns.turnButton(button)}
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
