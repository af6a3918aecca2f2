import { useMemo } from 'react';
import { isStaff, type SelfView, type SessionView } from '@circle/shared';
import type { Send } from '../net/connection';
import { StatusRegion } from '../ui/messages';
import { AgendaPanel } from './AgendaPanel';
import { clinicalCommands } from './clinicalCommands';
import { asksMember } from './feelings';
import { FeelingsStaffPanel } from './FeelingsStaffPanel';
import { InRoomMemberForm } from './InRoomMemberForm';
import { LocationsPanel } from './LocationsPanel';
import { MemberFeelingsCard } from './MemberFeelingsCard';
import { observerNotice } from './observers';
import { SessionEndPanel } from './SessionEndPanel';
import { StaffNotesPanel } from './StaffNotesPanel';
import './clinical.css';

/** The clinical parts of the room, in the few places RoomScreen gives them. */

type RoomProps = { view: SessionView; self: SelfView; send: Send };

/** Above the group, for everyone: who is observing, and a member's own feelings check while it is open. */
export function ClinicalNotices({ view, self, send }: RoomProps) {
  const commands = useMemo(() => clinicalCommands(send), [send]);
  const open = view.clinical.feelings.open;
  return (
    <div className="clinical-notices">
      <StatusRegion className="notice notice-calm observer-notice">{observerNotice(view.people, self.personId, self.role)}</StatusRegion>
      {asksMember(self, open) && <MemberFeelingsCard key={open} round={open} answered={self.feelings[open]} commands={commands} />}
    </div>
  );
}

/** Staff only, under Participants: adding someone who sits in the physical room. */
export function InRoomMembers({ self, send }: Pick<RoomProps, 'self' | 'send'>) {
  const commands = useMemo(() => clinicalCommands(send), [send]);
  return isStaff(self.role) ? <InRoomMemberForm commands={commands} /> : null;
}

/**
 * Staff only, a column of its own in the room's grid (see clinical.css): check-in and check-out,
 * the agenda, notes, locations, the record and the end. Wide, it sits under the video.
 */
export function ClinicalStaffPanels({ view, self, send }: RoomProps) {
  const commands = useMemo(() => clinicalCommands(send), [send]);
  if (!isStaff(self.role)) return null;
  return (
    <div className="room-clinical">
      <FeelingsStaffPanel view={view} commands={commands} />
      <AgendaPanel agenda={view.clinical.agenda} commands={commands} />
      <StaffNotesPanel view={view} commands={commands} />
      <LocationsPanel people={view.people} />
      <SessionEndPanel sessionId={view.sessionId} commands={commands} />
    </div>
  );
}
