import type { SessionService } from '../app/session-service.js';
import type { SystemCommand } from '../domain/commands.js';
import type { Publisher } from './publish.js';

/** Runs what the server itself decides (a disconnect, a deadline, a sweep) and publishes the change; resolves with whether there was one. */
export async function runSystemCommand(sessions: SessionService, publisher: Publisher, sessionId: string, command: SystemCommand): Promise<boolean> {
  const result = await sessions.execute(sessionId, command, 'system');
  if (!result.ok || !result.changed) return false;
  await publisher.publish(result.before, result.state, result.effects);
  return true;
}
