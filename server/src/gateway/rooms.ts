import type { Audience } from '../domain/project.js';

/** Socket.IO room names. Built here only, so every process agrees on them. */
export const audienceRoom = (sessionId: string, audience: Audience) => `s:${sessionId}:${audience}`;
export const personRoom = (sessionId: string, personId: string) => `s:${sessionId}:p:${personId}`;
export const deviceRoom = (sessionId: string, personId: string, deviceId: string) => `s:${sessionId}:p:${personId}:d:${deviceId}`;
