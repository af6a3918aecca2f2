import { DeviceKind, isStaff, type Role } from '@circle/shared';

export type DeviceKindOption = { kind: DeviceKind; label: string; hint: string };

const OPTIONS: Record<DeviceKind, DeviceKindOption> = {
  [DeviceKind.media]: {
    kind: DeviceKind.media,
    label: 'Camera and microphone',
    hint: 'The usual choice: the group sees and hears you.',
  },
  [DeviceKind.console]: {
    kind: DeviceKind.console,
    label: 'Control console — no camera or microphone',
    hint: 'A second device that shows the room and its controls, silently.',
  },
  [DeviceKind.roomDevice]: {
    kind: DeviceKind.roomDevice,
    label: 'Room camera — the device facing the physical room',
    hint: 'For hybrid groups: shows the people sitting with you.',
  },
};

/** The ways this device can join; only staff can make it the room camera. */
export function deviceKindOptions(role: Role): DeviceKindOption[] {
  const kinds: DeviceKind[] = isStaff(role)
    ? [DeviceKind.media, DeviceKind.console, DeviceKind.roomDevice]
    : [DeviceKind.media, DeviceKind.console];
  return kinds.map((k) => OPTIONS[k]);
}

const ROLE_WORDS: Record<Role, string> = {
  facilitator: 'the facilitator',
  cotherapist: 'the co-therapist',
  member: 'a member of the group',
  observer: 'an observer',
};

export function joiningAs(role: Role): string {
  return `You are joining as ${ROLE_WORDS[role]}.`;
}
