import { describe, expect, it } from 'vitest';
import { hasOwnMediaControls, mediaTargetFor, sameTarget, type MediaTargetInput } from '../src/session/mediaTarget';
import { Phase } from '../src/session/screen';
import { grant, self, view } from './fixtures';

const devices = { cameraId: 'cam', microphoneId: null };
const base: MediaTargetInput = {
  phase: Phase.joined,
  self: self({ status: 'admitted' }),
  view: view(),
  grant: grant(),
  mediaKey: null,
  deviceKind: 'media',
  devices,
};

describe('the media target', () => {
  it('is the grant, publishing, for an admitted camera device', () => {
    expect(mediaTargetFor(base)).toEqual({ grant: grant(), publish: true, microphoneAllowed: true, devices, encryption: null });
  });

  it('is nothing while waiting, without a grant, on a console, or after leaving', () => {
    expect(mediaTargetFor({ ...base, self: self({ status: 'waiting' }) })).toBeNull();
    expect(mediaTargetFor({ ...base, grant: null })).toBeNull();
    expect(mediaTargetFor({ ...base, deviceKind: 'console' })).toBeNull();
    expect(mediaTargetFor({ ...base, phase: Phase.left })).toBeNull();
  });

  it('never publishes for observers or when the grant says no', () => {
    expect(mediaTargetFor({ ...base, self: self({ status: 'admitted', role: 'observer' }) })?.publish).toBe(false);
    expect(mediaTargetFor({ ...base, grant: grant({ canPublish: false }) })?.publish).toBe(false);
  });

  it('keeps the microphone closed while talking-piece mode holds it', () => {
    const held = mediaTargetFor({ ...base, self: self({ status: 'admitted', micAllowed: false }) });
    expect(held).toMatchObject({ publish: true, microphoneAllowed: false });
    expect(sameTarget(held, mediaTargetFor(base))).toBe(false);
  });

  it('publishes from the room camera device too', () => {
    expect(mediaTargetFor({ ...base, deviceKind: 'roomDevice', self: self({ status: 'admitted', role: 'facilitator' }) })?.publish).toBe(true);
  });

  it('carries the media key when the session is encrypted, and says when it is missing', () => {
    const encrypted = { ...base, view: view({ e2ee: true }) };
    expect(mediaTargetFor(encrypted)?.encryption).toEqual({ key: null, index: 0 });
    expect(mediaTargetFor({ ...encrypted, mediaKey: { key: 'k', index: 3 } })?.encryption).toEqual({ key: 'k', index: 3 });
  });

  it('compares by what the media layer would do', () => {
    const a = mediaTargetFor(base);
    expect(sameTarget(a, mediaTargetFor({ ...base, grant: grant() }))).toBe(true);
    expect(sameTarget(a, mediaTargetFor({ ...base, grant: grant({ token: 'lk-token-2' }) }))).toBe(false);
    expect(sameTarget(a, null)).toBe(false);
    expect(sameTarget(null, null)).toBe(true);
  });

  it('gives own controls to camera devices of everyone but observers', () => {
    expect(hasOwnMediaControls('media', 'member')).toBe(true);
    expect(hasOwnMediaControls('console', 'facilitator')).toBe(false);
    expect(hasOwnMediaControls('media', 'observer')).toBe(false);
  });
});
