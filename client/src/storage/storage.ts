import { DeviceKind } from '@circle/shared';

/**
 * What Circle keeps in the browser, and nothing else:
 * - `circle.device` (sessionStorage): this tab's device id, so a reload is the same device.
 * - `circle.joined.<sessionId>` (sessionStorage): `{personToken, deviceKind}` after a join, so a
 *   reload goes straight back in.
 * - `circle.person.<sessionId>` (localStorage): the personal token, so the person is known
 *   when they open the link again later.
 * - `circle.devices` (localStorage): the camera and microphone chosen last time.
 * Link tokens themselves are never stored.
 */

/** The part of the Web Storage API Circle uses; injected so the logic is testable without a DOM. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type JoinedRecord = { personToken: string; deviceKind: DeviceKind };
export type DevicePreferences = { cameraId: string | null; microphoneId: string | null };

export const storageKeys = {
  device: 'circle.device',
  joined: (sessionId: string) => `circle.joined.${sessionId}`,
  person: (sessionId: string) => `circle.person.${sessionId}`,
  devices: 'circle.devices',
} as const;

const DEVICE_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const DEVICE_ID = /^[A-Za-z0-9_-]{16}$/;
const DEVICE_KINDS: readonly string[] = Object.values(DeviceKind);

/** 16 characters from a 64-letter alphabet: each random byte maps to one letter without bias. */
export function newDeviceId(randomBytes: (n: number) => Uint8Array = cryptoBytes): string {
  return Array.from(randomBytes(16), (b) => DEVICE_ID_ALPHABET[b & 63]).join('');
}

function cryptoBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

function readJson(store: KeyValueStore, key: string): unknown {
  const raw = store.getItem(key);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

function parseJoined(x: unknown): JoinedRecord | null {
  if (!isRecord(x)) return null;
  const { personToken, deviceKind } = x;
  if (typeof personToken !== 'string' || personToken === '') return null;
  if (typeof deviceKind !== 'string' || !DEVICE_KINDS.includes(deviceKind)) return null;
  return { personToken, deviceKind: deviceKind as DeviceKind };
}

function stringOrNull(x: unknown): string | null {
  return typeof x === 'string' && x !== '' ? x : null;
}

export type CircleStorage = ReturnType<typeof createStorage>;

export function createStorage(session: KeyValueStore, local: KeyValueStore, randomBytes?: (n: number) => Uint8Array) {
  return {
    /** This tab's device id: created once, kept across reloads of the tab. */
    deviceId(): string {
      const held = session.getItem(storageKeys.device);
      if (held !== null && DEVICE_ID.test(held)) return held;
      const fresh = newDeviceId(randomBytes);
      session.setItem(storageKeys.device, fresh);
      return fresh;
    },

    joined(sessionId: string): JoinedRecord | null {
      return parseJoined(readJson(session, storageKeys.joined(sessionId)));
    },

    personToken(sessionId: string): string | null {
      return stringOrNull(local.getItem(storageKeys.person(sessionId)));
    },

    /** After a successful join: this tab rejoins on reload, and the person is known next time. */
    rememberJoin(sessionId: string, record: JoinedRecord): void {
      session.setItem(storageKeys.joined(sessionId), JSON.stringify(record));
      local.setItem(storageKeys.person(sessionId), record.personToken);
    },

    /** After leaving: a reload shows the prejoin again (the person stays known). */
    forgetJoined(sessionId: string): void {
      session.removeItem(storageKeys.joined(sessionId));
    },

    /** When the person can never come back (removed, session ended, token refused). */
    forgetPerson(sessionId: string): void {
      session.removeItem(storageKeys.joined(sessionId));
      local.removeItem(storageKeys.person(sessionId));
    },

    devicePreferences(): DevicePreferences {
      const x = readJson(local, storageKeys.devices);
      if (!isRecord(x)) return { cameraId: null, microphoneId: null };
      return { cameraId: stringOrNull(x.cameraId), microphoneId: stringOrNull(x.microphoneId) };
    },

    saveDevicePreferences(prefs: DevicePreferences): void {
      local.setItem(storageKeys.devices, JSON.stringify(prefs));
    },
  };
}

/** A store in memory, for tests and for browsers where Web Storage is switched off. */
export function memoryStore(): KeyValueStore & { dump(): Record<string, string> } {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
    dump: () => Object.fromEntries(data),
  };
}

/** Web Storage can throw (private modes, blocked cookies): fall back to memory so Circle still works. */
function safeStore(get: () => Storage): KeyValueStore {
  try {
    const store = get();
    const probe = '__circle_probe__';
    store.setItem(probe, probe);
    store.removeItem(probe);
    return store;
  } catch {
    return memoryStore();
  }
}

let browserStorage: CircleStorage | null = null;

/** The storage of this browser tab. */
export function browserCircleStorage(): CircleStorage {
  browserStorage ??= createStorage(
    safeStore(() => window.sessionStorage),
    safeStore(() => window.localStorage),
  );
  return browserStorage;
}
