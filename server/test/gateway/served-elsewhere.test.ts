import { describe, expect, it } from 'vitest';
import { servedElsewhere } from '../../src/scale/served-elsewhere.js';
import { Group } from '../support/session-fixture.js';

describe('whether another server process may hold a connection of the session', () => {
  it('is so only while a device is connected through another process', () => {
    const group = new Group();
    group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera', server: 'A' });
    group.join('Bob', 'member', { server: 'A' });
    expect(group.person('Bob').devices['Bob-phone']?.server).toBe('A');
    expect(servedElsewhere(group.state, 'A')).toBe(false);
    expect(servedElsewhere(group.state, 'B')).toBe(true);

    group.join('Alice', 'member', { server: 'B' });
    expect(servedElsewhere(group.state, 'A')).toBe(true);
    group.disconnect('Alice');
    expect(servedElsewhere(group.state, 'A')).toBe(false);
  });

  it('follows a device that comes back through another process', () => {
    const group = new Group();
    group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera', server: 'A' });
    group.join('Alice', 'member', { server: 'B' });
    expect(servedElsewhere(group.state, 'A')).toBe(true);
    // Her phone reconnects to A (B has gone): the device's newer connection is where it is now.
    group.join('Alice', 'member', { server: 'A' });
    expect(group.person('Alice').devices['Alice-phone']?.server).toBe('A');
    expect(servedElsewhere(group.state, 'A')).toBe(false);
  });

  it('counts a connected device that did not say where it is as anywhere', () => {
    const group = new Group();
    group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera', server: 'A' });
    // As stored by a version before devices named their process.
    group.join('Alice');
    expect(group.person('Alice').devices['Alice-phone']).not.toHaveProperty('server');
    expect(servedElsewhere(group.state, 'A')).toBe(true);
  });

  it('is not so for people in the room without a device, nor for a session whose devices are gone', () => {
    const group = new Group();
    group.join('Dr Rivera', 'facilitator', { as: 'dr_rivera', server: 'A' });
    group.addInRoom('Carmen', 'dr_rivera');
    expect(servedElsewhere(group.state, 'A')).toBe(false);
    group.disconnect('dr_rivera');
    expect(servedElsewhere(group.state, 'B')).toBe(false);
  });
});
