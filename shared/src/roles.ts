import { z } from 'zod';

export const Role = {
  facilitator: 'facilitator',
  cotherapist: 'cotherapist',
  member: 'member',
  observer: 'observer',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const RoleSchema = z.enum([Role.facilitator, Role.cotherapist, Role.member, Role.observer]);

/** Facilitators and co-therapists share every power. */
export function isStaff(role: Role): boolean {
  return role === Role.facilitator || role === Role.cotherapist;
}

/** How a device takes part: with camera and microphone, as a control console, or as the camera facing a physical room. */
export const DeviceKind = { media: 'media', console: 'console', roomDevice: 'roomDevice' } as const;
export type DeviceKind = (typeof DeviceKind)[keyof typeof DeviceKind];
export const DeviceKindSchema = z.enum([DeviceKind.media, DeviceKind.console, DeviceKind.roomDevice]);
