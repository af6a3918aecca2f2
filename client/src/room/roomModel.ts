import { DeviceKind, isStaff, Role, type DeviceView, type PersonView, type SessionView } from '@circle/shared';

/** What the media layer says, reduced to what the room needs. */
export type MediaFacts = {
  /** LiveKit identity → camera track key. */
  videos: Readonly<Record<string, string>>;
  speaking: readonly string[];
};

export type Tile = {
  /** Unique among tiles: a person, or a person's room camera. */
  key: string;
  personId: string;
  name: string;
  roleLabel: string | null;
  isSelf: boolean;
  /** Whose video to show, and a key that changes with the track; null shows the name instead. */
  video: { identity: string; trackKey: string } | null;
  speaking: boolean;
  /** The tile of a room camera (hybrid groups), besides the person's own tile. */
  roomCamera: boolean;
  inRoom: boolean;
  away: boolean;
};

export type ParticipantRow = {
  personId: string;
  name: string;
  roleLabel: string | null;
  isSelf: boolean;
  speaking: boolean;
  /** Plain words about how the person is here: "In the room", "Away", "On 2 devices". */
  detail: string | null;
  /** Staff may send this person to the waiting room or remove them. */
  manageable: boolean;
  /** Staff may soft-mute this member: a member with a microphone device connected. */
  mutable: boolean;
  /**
   * Staff put a member without a device of their own (in the room with the facilitator) in
   * the speaking queue and take them out again; null for everyone else, or while speaking.
   */
  handFor: 'raise' | 'lower' | null;
};

const ROLE_LABELS: Record<Role, string | null> = {
  [Role.facilitator]: 'Facilitator',
  [Role.cotherapist]: 'Co-therapist',
  [Role.member]: null,
  [Role.observer]: 'Observer',
};

/** The badge shown beside a name; members have none. */
export function roleLabel(role: Role): string | null {
  return ROLE_LABELS[role];
}

function videoOf(devices: DeviceView[], facts: MediaFacts): Tile['video'] {
  for (const d of devices) {
    const trackKey = facts.videos[d.identity];
    if (trackKey !== undefined) return { identity: d.identity, trackKey };
  }
  return null;
}

function isSpeaking(person: PersonView, speaking: ReadonlySet<string>): boolean {
  return person.devices.some((d) => speaking.has(d.identity));
}

/**
 * One tile per admitted person, showing the camera of their own device (not a console).
 * A room camera gets a tile of its own when its person also shows their own camera, so that
 * online members see both the facilitator and the physical room.
 */
export function buildTiles(view: SessionView, selfId: string | null, facts: MediaFacts): Tile[] {
  const speaking = new Set(facts.speaking);
  const tiles: Tile[] = [];
  for (const p of view.people) {
    const own = p.devices.filter((d) => d.kind === DeviceKind.media);
    const rooms = p.devices.filter((d) => d.kind === DeviceKind.roomDevice);
    const ownVideo = videoOf(own, facts);
    const roomVideo = videoOf(rooms, facts);
    const base = {
      personId: p.id,
      name: p.name,
      roleLabel: roleLabel(p.role),
      isSelf: p.id === selfId,
      inRoom: p.attendance === 'inRoom',
      away: !p.present,
    };
    const separateRoomTile = ownVideo !== null && roomVideo !== null;
    // The person's one tile is labelled as the room camera when it shows that camera, or when it is all they have.
    const onlyRoomCamera = ownVideo === null && (roomVideo !== null || (rooms.some((d) => d.connected) && !own.some((d) => d.connected)));
    tiles.push({
      ...base,
      key: p.id,
      video: ownVideo ?? roomVideo,
      speaking: separateRoomTile ? own.some((d) => speaking.has(d.identity)) : isSpeaking(p, speaking),
      roomCamera: onlyRoomCamera,
    });
    if (separateRoomTile) {
      tiles.push({
        ...base,
        key: `${p.id}:room`,
        video: roomVideo,
        speaking: rooms.some((d) => speaking.has(d.identity)),
        roomCamera: true,
      });
    }
  }
  return tiles;
}

function detailOf(p: PersonView): string | null {
  if (p.attendance === 'inRoom') return 'In the room';
  if (!p.present) return 'Away';
  const connected = p.devices.filter((d) => d.connected).length;
  return connected > 1 ? `On ${connected} devices` : null;
}

function hasMicrophone(p: PersonView): boolean {
  return p.devices.some((d) => d.connected && d.kind !== DeviceKind.console);
}

function handFor(p: PersonView, turns: SessionView['turns']): ParticipantRow['handFor'] {
  if (p.role !== Role.member || p.attendance !== 'inRoom' || turns.current?.personId === p.id) return null;
  return turns.queue.some((e) => e.personId === p.id) ? 'lower' : 'raise';
}

/** The Participants list: everyone admitted, with what a staff viewer may do to each. */
export function participantRows(view: SessionView, selfId: string | null, viewerRole: Role, facts: MediaFacts): ParticipantRow[] {
  const speaking = new Set(facts.speaking);
  const staffViewer = isStaff(viewerRole);
  return view.people.map((p) => ({
    personId: p.id,
    name: p.name,
    roleLabel: roleLabel(p.role),
    isSelf: p.id === selfId,
    speaking: isSpeaking(p, speaking),
    detail: detailOf(p),
    manageable: staffViewer && !isStaff(p.role) && p.id !== selfId,
    mutable: staffViewer && p.role === Role.member && hasMicrophone(p),
    handFor: staffViewer ? handFor(p, view.turns) : null,
  }));
}

/** How many people are waiting, in words for the waiting-room heading and announcements. */
export function waitingSummary(count: number): string {
  if (count === 0) return 'No one is waiting.';
  return count === 1 ? '1 person is waiting.' : `${count} people are waiting.`;
}

/** Names of people who appear in `next` but were not in `previous`. */
export function arrivals(previous: readonly PersonView[], next: readonly PersonView[]): string[] {
  const before = new Set(previous.map((p) => p.id));
  return next.filter((p) => !before.has(p.id)).map((p) => p.name);
}
