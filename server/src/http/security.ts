import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** Security headers: a CSP that allows only this origin and the LiveKit server, no framing, no sniffing, no referrer. */
export function securityHeaders(livekitUrl: string): RequestHandler {
  const livekit = new URL(livekitUrl);
  const livekitHttp = `${livekit.protocol === 'wss:' ? 'https:' : 'http:'}//${livekit.host}`;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // livekit-client signals over WebSocket and validates over HTTP on failure.
        connectSrc: ["'self'", `${livekit.protocol}//${livekit.host}`, livekitHttp],
        mediaSrc: ["'self'", 'blob:', 'mediastream:'],
        imgSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
}
