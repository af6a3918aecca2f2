import { describe, expect, it } from 'vitest';
import { commands, NameSchema, PROTOCOL_VERSION, HandshakeSchema } from '../src/index.js';

describe('names', () => {
  it.each([
    ['', 'Please enter your name'],
    ['   ', 'Please enter your name'],
    ['x'.repeat(41), 'Names can be at most 40 characters'],
    ['Sam\u0007', 'Names cannot contain control characters'],
    ['\u202eevil', 'Names cannot contain control characters'],
  ])('refuses %j with a message', (input, message) => {
    const parsed = NameSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(message);
  });

  it('trims and accepts an ordinary name', () => {
    expect(NameSchema.parse('  Amara O. ')).toBe('Amara O.');
    expect(NameSchema.parse('x'.repeat(40))).toHaveLength(40);
  });
});

describe('commands', () => {
  it('refuse unknown keys', () => {
    const parsed = commands['person:admit'].payload.safeParse({ personId: 'abcd1234', extra: 1 });
    expect(parsed.success).toBe(false);
  });

  it('require agreement to be exactly true when given', () => {
    const join = commands['session:join'].payload;
    expect(join.safeParse({ name: 'Sam', agreed: false, deviceKind: 'media' }).success).toBe(false);
    expect(join.safeParse({ name: 'Sam', agreed: true, deviceKind: 'media' }).success).toBe(true);
  });
});

describe('handshake', () => {
  it('carries the protocol version', () => {
    expect(HandshakeSchema.safeParse({ protocol: PROTOCOL_VERSION, token: 't', deviceId: 'dev_1234' }).success).toBe(true);
    expect(HandshakeSchema.safeParse({ token: 't', deviceId: 'dev_1234' }).success).toBe(false);
  });
});
