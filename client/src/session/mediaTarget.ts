import { DeviceKind, Role, type MediaGrant, type SelfView, type SessionView } from '@circle/shared';
import type { DeviceChoice, Encryption, MediaTarget } from '../media/media';
import { Phase } from './screen';
import { grantPlace, microphoneFreeIn } from '../breakouts/whereabouts';

/** A console device never touches media; a camera device and the room camera do. */
export function usesMedia(kind: DeviceKind): boolean {
  return kind !== DeviceKind.console;
}

/** Whether this device offers its own microphone and camera controls. */
export function hasOwnMediaControls(kind: DeviceKind, role: Role): boolean {
  return usesMedia(kind) && role !== Role.observer;
}

export type MediaKey = { key: string; index: number };

export type MediaTargetInput = {
  phase: Phase;
  self: SelfView | null;
  view: SessionView | null;
  grant: MediaGrant | null;
  mediaKey: MediaKey | null;
  deviceKind: DeviceKind;
  devices: DeviceChoice;
};

/**
 * In the media room only while admitted, with a grant, on a device that takes part in media.
 * The grant names the one room to be in (the group, a breakout, a support room); the talking
 * piece holds microphones only in the group's room, whichever of grant and self view comes first.
 */
export function mediaTargetFor({ phase, self, view, grant, mediaKey, deviceKind, devices }: MediaTargetInput): MediaTarget | null {
  if (phase !== Phase.joined || self?.status !== 'admitted' || grant === null || !usesMedia(deviceKind)) return null;
  const encryption: Encryption | null = view?.e2ee ? { key: mediaKey?.key ?? null, index: mediaKey?.index ?? 0 } : null;
  return { grant, publish: grant.canPublish && hasOwnMediaControls(deviceKind, self.role), microphoneAllowed: self.micAllowed || microphoneFreeIn(grantPlace(grant, view)), devices, encryption };
}

/** Two targets that would make the media layer do the same thing. */
export function sameTarget(a: MediaTarget | null, b: MediaTarget | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.grant.token === b.grant.token &&
    a.grant.url === b.grant.url &&
    a.grant.room === b.grant.room &&
    a.grant.identity === b.grant.identity &&
    a.publish === b.publish &&
    a.microphoneAllowed === b.microphoneAllowed &&
    a.devices.cameraId === b.devices.cameraId &&
    a.devices.microphoneId === b.devices.microphoneId &&
    a.encryption?.key === b.encryption?.key &&
    a.encryption?.index === b.encryption?.index &&
    (a.encryption === null) === (b.encryption === null)
  );
}
