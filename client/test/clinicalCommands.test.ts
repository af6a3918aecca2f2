import { describe, expect, it } from 'vitest';
import type { Ack, CommandName, CommandPayload, CommandResult } from '@circle/shared';
import type { Send } from '../src/net/connection';
import { clinicalCommands } from '../src/clinical/clinicalCommands';

function recording() {
  const calls: string[] = [];
  const send = (async <K extends CommandName>(command: K, payload: CommandPayload<K>) => {
    calls.push(`${command} ${JSON.stringify(payload)}`);
    return { ok: true } as Ack<CommandResult<K>>;
  }) as Send;
  return { calls, commands: clinicalCommands(send) };
}

describe('clinical commands', () => {
  it('add someone in the room by their name, trimmed', async () => {
    const { calls, commands } = recording();
    await commands.addInRoom('  Carol ');
    expect(calls).toEqual(['roster:addInRoom {"name":"Carol"}']);
  });

  it('move through the agenda, and send nothing past the last phase', async () => {
    const { calls, commands } = recording();
    await commands.nextPhase({ phases: ['A', 'B', 'C'], current: 1 });
    expect(commands.nextPhase({ phases: ['A', 'B', 'C'], current: 2 })).toBeNull();
    await commands.goToPhase(0);
    await commands.setAgenda(['Check-in', 'Check-out']);
    expect(calls).toEqual(['agenda:goTo {"index":2}', 'agenda:goTo {"index":0}', 'agenda:set {"phases":["Check-in","Check-out"]}']);
  });

  it('open and close the feelings check; a member answers for themselves, staff for someone in the room', async () => {
    const { calls, commands } = recording();
    await commands.openFeelings('checkIn');
    await commands.answer(6);
    await commands.answerFor('carol1', 5);
    await commands.closeFeelings();
    await commands.openFeelings('checkOut');
    expect(calls).toEqual([
      'feelings:open {"round":"checkIn"}',
      'feelings:answer {"score":6}',
      'feelings:answer {"score":5,"personId":"carol1"}',
      'feelings:close {}',
      'feelings:open {"round":"checkOut"}',
    ]);
  });

  it('add a note, end the session, export attendance', async () => {
    const { calls, commands } = recording();
    await commands.addNote(' Alice seemed tired today.\n');
    await commands.exportAttendance();
    await commands.endSession();
    expect(calls).toEqual(['note:add {"text":"Alice seemed tired today."}', 'attendance:export {}', 'session:end {}']);
  });
});
