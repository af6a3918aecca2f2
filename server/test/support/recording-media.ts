import type { MediaControl, MediaPermission, TokenRequest } from '../../src/ports/media-control.js';

/**
 * A recording fake of the media port for gateway tests: every call is kept as a readable
 * line. The LiveKit adapter itself is tested against the Twirp stand-in, not with this.
 */
export class RecordingMedia implements MediaControl {
  readonly url: string = 'ws://media.test';
  readonly calls: string[] = [];
  readonly tokens: TokenRequest[] = [];
  failing = false;

  async mintToken(request: TokenRequest): Promise<string> {
    this.tokens.push(request);
    return `token-for-${request.identity}`;
  }
  async removeParticipant(room: string, identity: string): Promise<void> {
    this.record(`removeParticipant ${room} ${identity}`);
  }
  async updatePermission(room: string, identity: string, permission: MediaPermission): Promise<boolean> {
    this.record(`updatePermission ${room} ${identity} ${JSON.stringify(permission)}`);
    return true;
  }
  async muteMicrophone(room: string, identity: string): Promise<number> {
    this.record(`muteMicrophone ${room} ${identity}`);
    return 1;
  }
  async deleteRoom(room: string): Promise<void> {
    this.record(`deleteRoom ${room}`);
  }
  async reachable(): Promise<boolean> {
    return !this.failing;
  }

  private record(line: string): void {
    if (this.failing) throw new Error('media server unreachable');
    this.calls.push(line);
  }
}
