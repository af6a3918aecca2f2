import { describe, expect, it } from 'vitest';
import { agendaText, parseAgenda } from '../src/clinical/agenda';

describe('editing the agenda as text', () => {
  it('reads one phase per line, trimmed', () => {
    expect(parseAgenda('Check-in\n  Sharing  \r\nSkills\n')).toEqual({ ok: true, phases: ['Check-in', 'Sharing', 'Skills'] });
  });

  it('round-trips the phases it shows', () => {
    const phases = ['Check-in', 'Sharing', 'Check-out'];
    expect(parseAgenda(agendaText(phases))).toEqual({ ok: true, phases });
  });

  it('ignores blank lines at the start and the end', () => {
    expect(parseAgenda('\n\nCheck-in\nSharing\n\n  \n')).toEqual({ ok: true, phases: ['Check-in', 'Sharing'] });
  });

  it('says which line is an empty phase name', () => {
    expect(parseAgenda('Check-in\n\nSharing')).toEqual({
      ok: false,
      error: 'Line 2 is empty. Give every phase a name, or remove the empty line.',
    });
    // Line numbers count the blank lines at the top too, as the person sees them.
    expect(parseAgenda('\nCheck-in\n   \nSharing')).toMatchObject({ ok: false, error: expect.stringMatching(/^Line 3 is empty/) });
  });

  it('needs at least one phase', () => {
    expect(parseAgenda('  \n \n')).toEqual({ ok: false, error: 'The agenda needs at least one phase.' });
  });

  it('keeps to the server’s limits: 40 characters a phase, 12 phases', () => {
    const long = parseAgenda(`Check-in\n${'x'.repeat(41)}`);
    expect(long).toMatchObject({ ok: false, error: expect.stringMatching(/at most 40 characters/) });
    expect(parseAgenda('x'.repeat(40))).toEqual({ ok: true, phases: ['x'.repeat(40)] });
    const thirteen = Array.from({ length: 13 }, (_, i) => `Phase ${i + 1}`).join('\n');
    expect(parseAgenda(thirteen)).toEqual({ ok: false, error: 'An agenda has at most 12 phases; this one has 13.' });
  });
});
