/** Sends one Redis command and gives its raw reply (RESP2: strings and arrays). */
export type Ask = (args: string[]) => Promise<unknown>;

/**
 * What this Redis's own settings put at risk of Circle's promise that a command it acknowledged
 * is never lost, as warnings for whoever runs it; none when it is set as docker-compose.yml sets
 * it. Circle cannot change them (a managed Redis may not even let it read them), so it says so
 * at start and whenever Redis comes back, before a group's queue or attendance is what finds out.
 */
export async function durabilityWarnings(ask: Ask): Promise<string[]> {
  let memory: Map<string, string>;
  let persistence: Map<string, string>;
  try {
    memory = infoFields(await ask(['INFO', 'memory']));
    persistence = infoFields(await ask(['INFO', 'persistence']));
  } catch (err) {
    return [`Could not read Redis's settings (${err instanceof Error ? err.message : String(err)}): make sure it runs with maxmemory-policy noeviction, appendonly yes and appendfsync always`];
  }
  const warnings: string[] = [];
  const policy = memory.get('maxmemory_policy');
  // Session keys carry an expiry, so the volatile-* policies may evict them as well.
  if (policy !== undefined && policy !== 'noeviction') {
    warnings.push(`Redis may evict keys when it is full (maxmemory-policy ${policy}): a session could lose its state; set maxmemory-policy noeviction`);
  }
  if (persistence.get('aof_enabled') === '0') {
    const lost = (await configValue(ask, 'save')) === '' ? 'Redis keeps nothing on disk (appendonly no, no snapshots): if it restarts, every session is lost' : 'Redis keeps no append-only file (appendonly no): if it restarts, changes since its last snapshot are lost';
    warnings.push(`${lost}; run it with appendonly yes and appendfsync always`);
  } else if (persistence.has('aof_enabled')) {
    const fsync = await configValue(ask, 'appendfsync');
    if (fsync === null) {
      warnings.push("Could not read Redis's appendfsync (CONFIG GET was refused): make sure it is always, or a Redis crash can lose the last second of acknowledged changes");
    } else if (fsync !== 'always') {
      const lost = fsync === 'everysec' ? 'the last second of acknowledged changes' : 'the acknowledged changes the system has not yet written to disk';
      warnings.push(`Redis writes its append-only file to disk with appendfsync ${fsync}: a Redis crash can lose ${lost}; set appendfsync always`);
    }
  }
  return warnings;
}

/** INFO's `field:value` lines; section headers (`# Memory`) and blank lines are not fields. */
export function infoFields(reply: unknown): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of String(reply).split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** A CONFIG GET value, or null where the server refuses CONFIG (as managed services often do). */
async function configValue(ask: Ask, name: string): Promise<string | null> {
  try {
    const reply = await ask(['CONFIG', 'GET', name]);
    return Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : null;
  } catch {
    return null;
  }
}
