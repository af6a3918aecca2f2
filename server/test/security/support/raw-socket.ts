import WebSocket from 'ws';

export type RawAttempt = { refusal: { message?: string; data?: { code?: string } } | null; acked: boolean; closed: boolean };

/**
 * A client that speaks Socket.IO's wire format by hand, to do what socket.io-client will not:
 * after a refused handshake, send a command anyway (with an ack id) and see what the server does.
 * Resolves when the server closes the connection; rejects if it has not within `timeoutMs`.
 */
export function commandAfterRefusal(url: string, auth: object, event: string, payload: unknown, timeoutMs = 5000): Promise<RawAttempt> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const attempt: RawAttempt = { refusal: null, acked: false, closed: false };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`the server neither answered nor closed within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.on('message', (raw) => {
      const frame = raw.toString();
      // Engine.IO "open", then Socket.IO CONNECT (4 + 0) on the main namespace with the auth.
      if (frame.startsWith('0')) ws.send(`40${JSON.stringify(auth)}`);
      // CONNECT_ERROR (4 + 4): refused. Send an EVENT (4 + 2) with ack id 1 regardless.
      else if (frame.startsWith('44')) {
        attempt.refusal = JSON.parse(frame.slice(2)) as RawAttempt['refusal'];
        ws.send(`421${JSON.stringify([event, payload])}`);
      }
      // ACK (4 + 3) for id 1: the command was answered.
      else if (frame.startsWith('431')) attempt.acked = true;
    });
    ws.on('close', () => {
      clearTimeout(timer);
      attempt.closed = true;
      resolve(attempt);
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
