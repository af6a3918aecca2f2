import { describe, expect, it } from 'vitest';
import { createStorage, memoryStore, newDeviceId, storageKeys } from '../src/storage/storage';

function setup(bytes?: (n: number) => Uint8Array) {
  const session = memoryStore();
  const local = memoryStore();
  return { session, local, storage: createStorage(session, local, bytes) };
}

describe('device id', () => {
  it('is 16 characters from [A-Za-z0-9_-]', () => {
    for (let i = 0; i < 50; i++) expect(newDeviceId()).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('maps every byte value into the alphabet', () => {
    expect(newDeviceId(() => new Uint8Array(16).fill(255))).toBe('-'.repeat(16));
    expect(newDeviceId(() => new Uint8Array(16).fill(0))).toBe('A'.repeat(16));
  });

  it('is created once per tab and kept across reloads', () => {
    const { storage, session } = setup();
    const first = storage.deviceId();
    expect(session.getItem(storageKeys.device)).toBe(first);
    expect(storage.deviceId()).toBe(first);
  });

  it('replaces a stored value that is not a valid id', () => {
    const { storage, session } = setup(() => new Uint8Array(16).fill(1));
    session.setItem(storageKeys.device, 'not valid!');
    expect(storage.deviceId()).toBe('B'.repeat(16));
  });
});

describe('joins', () => {
  it('remember the join in the tab and the person in the browser', () => {
    const { storage, session, local } = setup();
    storage.rememberJoin('sess1', { personToken: 'ptok', deviceKind: 'console' });
    expect(JSON.parse(session.getItem('circle.joined.sess1') ?? '')).toEqual({ personToken: 'ptok', deviceKind: 'console' });
    expect(local.getItem('circle.person.sess1')).toBe('ptok');
    expect(storage.joined('sess1')).toEqual({ personToken: 'ptok', deviceKind: 'console' });
    expect(storage.personToken('sess1')).toBe('ptok');
    expect(storage.joined('other')).toBeNull();
  });

  it('forgetting the join keeps the person known', () => {
    const { storage } = setup();
    storage.rememberJoin('sess1', { personToken: 'ptok', deviceKind: 'media' });
    storage.forgetJoined('sess1');
    expect(storage.joined('sess1')).toBeNull();
    expect(storage.personToken('sess1')).toBe('ptok');
    storage.forgetPerson('sess1');
    expect(storage.personToken('sess1')).toBeNull();
  });

  it('ignores damaged records', () => {
    const { storage, session } = setup();
    session.setItem('circle.joined.a', '{not json');
    session.setItem('circle.joined.b', JSON.stringify({ personToken: 'x', deviceKind: 'toaster' }));
    session.setItem('circle.joined.c', JSON.stringify({ deviceKind: 'media' }));
    expect(storage.joined('a')).toBeNull();
    expect(storage.joined('b')).toBeNull();
    expect(storage.joined('c')).toBeNull();
  });
});

describe('device preferences', () => {
  it('round-trip, and default to none', () => {
    const { storage } = setup();
    expect(storage.devicePreferences()).toEqual({ cameraId: null, microphoneId: null });
    storage.saveDevicePreferences({ cameraId: 'cam', microphoneId: null });
    expect(storage.devicePreferences()).toEqual({ cameraId: 'cam', microphoneId: null });
  });
});
