import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLogger, logDestination, redacted } from '../src/log.js';

/** A logger writing into an array, one parsed JSON line per entry. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger('info', stream), lines };
}

describe("the log's second guard against personal data", () => {
  it('censors the listed fields in the object logged and in the objects it holds', () => {
    const { log, lines } = capture();
    log.info(
      { sessionId: 's1', name: 'Alice Zephyrine', token: 'abc', person: { id: 'p1', name: 'Bob Quince', mediaKey: 'k' }, list: [{ title: 'deeper' }] },
      'joined',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      service: 'circle',
      msg: 'joined',
      sessionId: 's1',
      name: '[redacted]',
      token: '[redacted]',
      person: { id: 'p1', name: '[redacted]', mediaKey: '[redacted]' },
      // Two levels, as pino's `*.field` paths reached: deeper is left alone.
      list: [{ title: 'deeper' }],
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/Alice|Bob|abc/);
  });

  it('leaves the caller’s objects as they were', () => {
    const person = { id: 'p1', link: 'https://circle.example/j#secret' };
    const fields = { sessionId: 's1', person };
    const { log, lines } = capture();
    log.warn(fields, 'something');
    expect(lines[0]!.person).toEqual({ id: 'p1', link: '[redacted]' });
    expect(fields.person).toBe(person);
    expect(person.link).toBe('https://circle.example/j#secret');
  });

  it('hands back the very object when nothing in it needs hiding, so a clean line costs no copy', () => {
    const fields = { audit: true, sessionId: 's1', actorId: 'p1', role: 'facilitator', command: 'queue:next', outcome: 'ok', nested: { id: 'x' } };
    expect(redacted(fields)).toBe(fields);
  });

  it('keeps an error whole apart from the hidden field', () => {
    const error = Object.assign(new Error('refused'), { token: 'abc' });
    const shown = redacted({ err: error }).err as Error & { token: string };
    expect(shown).toBeInstanceOf(Error);
    expect(shown.message).toBe('refused');
    expect(shown.stack).toBe(error.stack);
    expect(shown.token).toBe('[redacted]');
    expect(error.token).toBe('abc');
  });

  it('leaves out fields that are there but undefined, as pino does', () => {
    const { log, lines } = capture();
    log.info({ sessionId: 's1', name: undefined }, 'left');
    expect(lines[0]).not.toHaveProperty('name');
  });
});

describe('the log destination', () => {
  const tempFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'circle-log-')), 'out.log');

  it('writes many lines at once instead of one write per line', async () => {
    const file = tempFile();
    const dest = logDestination(file, 60_000);
    await once(dest, 'ready');
    let writes = 0;
    dest.on('write', () => writes++);
    const log = createLogger('info', dest);
    // An audit line per command, the commands arriving one event-loop turn apart.
    for (let i = 0; i < 20; i++) {
      log.info({ audit: true, n: i }, 'audit');
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(writes).toBe(0);
    await new Promise<void>((resolve, reject) => dest.flush((error) => (error ? reject(error) : resolve())));
    expect(writes).toBe(1);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(20);
  });

  it('writes a lone line within the flush interval, without waiting for more', async () => {
    const file = tempFile();
    const dest = logDestination(file, 20);
    createLogger('info', dest).info({ sessionId: 's1' }, 'a quiet server');
    await once(dest, 'write');
    expect(readFileSync(file, 'utf8')).toContain('a quiet server');
    dest.end();
  });

  it('loses no line when the process exits right after logging it', () => {
    const script = fileURLToPath(new URL('./support/log-then-exit.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) });
    expect(out).toContain('last line before exit');
  });
});
