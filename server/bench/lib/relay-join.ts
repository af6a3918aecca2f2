import type { Socket } from 'socket.io';

/**
 * The relay protocol's `join`, for the baseline and the stand-in alike: the socket enters the
 * room it names and is answered. What it holds is the room its messages go to.
 */
export function joinedRoom(socket: Socket): { readonly name: string } {
  const room = { name: '' };
  socket.on('join', (name: unknown, ack: unknown) => {
    room.name = String(name);
    void socket.join(room.name);
    if (typeof ack === 'function') ack({ ok: true });
  });
  return room;
}
