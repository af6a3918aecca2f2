import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reclaimTicks } from '../../bench/lib/machine.js';

let proc: string;
afterEach(() => rmSync(proc, { recursive: true, force: true }));

/** A /proc/<pid>/stat line as proc(5) lays it out, with the given name, utime and stime. */
function stat(pid: number, name: string, utime: number, stime: number): string {
  const afterState = ['1', '0', '0', '0', '-1', '4194368', '0', '0', '0', '0', String(utime), String(stime), '0', '0', '20', '0', '1'];
  return `${pid} (${name}) S ${afterState.join(' ')}\n`;
}

function fakeProc(processes: Record<string, string | null>): string {
  const dir = mkdtempSync(join(tmpdir(), 'proc-'));
  for (const [entry, content] of Object.entries(processes)) {
    mkdirSync(join(dir, entry));
    if (content !== null) writeFileSync(join(dir, entry, 'stat'), content);
  }
  return dir;
}

describe("the kernel's memory-reclaim threads' CPU time", () => {
  it('adds up the user and system ticks of kdamond and kswapd threads, and of nothing else', () => {
    proc = fakeProc({
      '1': stat(1, 'systemd', 900, 900),
      '77': stat(77, 'kdamond.0', 250, 11),
      '78': stat(78, 'kswapd0', 3, 4),
      // A name holding spaces and parentheses, which a split on spaces would misread.
      '90': stat(90, 'node (kdamond) x', 5000, 5000),
      '91': null,
      self: stat(4242, 'kdamond.9', 1, 1),
    });
    expect(reclaimTicks(proc)).toBe(250 + 11 + 3 + 4);
  });

  it('is null where there is no /proc to read', () => {
    proc = join(tmpdir(), 'no-such-proc-dir');
    expect(reclaimTicks(proc)).toBeNull();
  });
});
