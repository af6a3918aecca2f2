import { readdirSync, readFileSync } from 'node:fs';

/**
 * The kernel's memory-reclaim threads. On this project's VMs DAMON's (`kdamond.0`, the host's
 * proactive reclaim) takes a core for 20–44 ms every 0.55 s, which alone made the bare relay's
 * p99 31–58 ms instead of 6–9 ms (bench/RESULTS.md): a run must say how much of it there was.
 */
const RECLAIM_THREAD = /^(kdamond|kswapd)/;

/** CPU time, in clock ticks, that the kernel's memory-reclaim threads have used so far; null where `proc` cannot be read. */
export function reclaimTicks(proc = '/proc'): number | null {
  let entries: string[];
  try {
    entries = readdirSync(proc);
  } catch {
    return null;
  }
  let ticks = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`${proc}/${entry}/stat`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    // The name is in parentheses and may itself hold spaces and parentheses: it ends at the last ')'.
    const nameEnd = stat.lastIndexOf(')');
    if (!RECLAIM_THREAD.test(stat.slice(stat.indexOf('(') + 1, nameEnd))) continue;
    // After the name: state, then utime and stime as the 12th and 13th fields (proc(5): fields 14 and 15).
    const fields = stat.slice(nameEnd + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks;
}
