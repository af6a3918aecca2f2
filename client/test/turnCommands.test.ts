import { describe, expect, it } from 'vitest';
import type { Ack, CommandName, CommandPayload, CommandResult, TurnsView } from '@circle/shared';
import type { Send } from '../src/net/connection';
import { turnCommands } from '../src/queue/turnCommands';

function recording() {
  const calls: string[] = [];
  const send = (async <K extends CommandName>(command: K, payload: CommandPayload<K>) => {
    calls.push(`${command} ${JSON.stringify(payload)}`);
    return { ok: true } as Ack<CommandResult<K>>;
  }) as Send;
  return { calls, commands: turnCommands(send) };
}

const hand = (personId: string) => ({ personId, source: 'hand' as const, raisedAt: 1 });
const turns: TurnsView = {
  queue: [hand('alice'), hand('carmen'), hand('bob')],
  queueVersion: 7,
  current: null,
  turnSeconds: 120,
  autoEnd: true,
  goRound: null,
  talkingPiece: false,
};

describe('turn commands', () => {
  it('send the member’s button as its command', async () => {
    const { calls, commands } = recording();
    await commands.turnButton('raise');
    await commands.turnButton('lower');
    await commands.turnButton('pass');
    expect(calls).toEqual(['hand:raise {}', 'hand:lower {}', 'turn:pass {}']);
  });

  it('move someone one place, with the queue version on screen', async () => {
    const { calls, commands } = recording();
    await commands.move(turns, 'bob', -1);
    await commands.move(turns, 'alice', 1);
    expect(calls).toEqual([
      'queue:move {"personId":"bob","toIndex":1,"queueVersion":7}',
      'queue:move {"personId":"alice","toIndex":1,"queueVersion":7}',
    ]);
  });

  it('send nothing to move past either end, or someone not in line', () => {
    const { calls, commands } = recording();
    expect(commands.move(turns, 'alice', -1)).toBeNull();
    expect(commands.move(turns, 'bob', 1)).toBeNull();
    expect(commands.move(turns, 'zed', 1)).toBeNull();
    expect(calls).toEqual([]);
  });

  it('carry the queue version on every staff command on the queue', async () => {
    const { calls, commands } = recording();
    await commands.remove(turns, 'carmen');
    await commands.next(turns);
    await commands.endTurn(turns);
    expect(calls).toEqual(['queue:remove {"personId":"carmen","queueVersion":7}', 'queue:next {"queueVersion":7}', 'turn:end {"queueVersion":7}']);
  });

  it('change one timer setting and keep the other as shown', async () => {
    const { calls, commands } = recording();
    await commands.setTurnLength(turns, null);
    await commands.setAutoEnd(turns, false);
    expect(calls).toEqual(['timer:set {"seconds":null,"autoEnd":true}', 'timer:set {"seconds":120,"autoEnd":false}']);
  });

  it('start the go-round in roster order, and send the switches and mutes', async () => {
    const { calls, commands } = recording();
    await commands.startGoRound();
    await commands.endGoRound();
    await commands.setTalkingPiece(true);
    await commands.mute('bob');
    await commands.muteAll();
    await commands.raiseHandFor('sam');
    expect(calls).toEqual([
      'goRound:start {}',
      'goRound:end {}',
      'talkingPiece:set {"on":true}',
      'mic:mute {"personId":"bob"}',
      'mic:muteAll {}',
      'hand:raise {"personId":"sam"}',
    ]);
  });
});
