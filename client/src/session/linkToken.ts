/** The token after `#` in `/join#<token>`, or null. It is read from the hash and never stored. */
export function linkTokenFromHash(hash: string): string | null {
  const raw = hash.replace(/^#/, '').trim();
  if (raw === '') return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const SESSION_ID = /^[A-Za-z0-9_-]{4,40}$/;

/**
 * A best-effort reading of the session id inside a link token, used only to find what this
 * browser stored for that session (so a reload or a returning person goes straight on, even
 * when the role link itself has since expired or the session was locked). Nothing is trusted
 * from it: the server checks every token it is given. Null when the token does not look like
 * `base64url(JSON claims).signature`.
 */
export function sessionIdHint(token: string): string | null {
  const body = token.split('.')[0];
  if (!body) return null;
  try {
    const base64 = body.replace(/-/g, '+').replace(/_/g, '/');
    const json = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const sid = (JSON.parse(json) as { sid?: unknown }).sid;
    return typeof sid === 'string' && SESSION_ID.test(sid) ? sid : null;
  } catch {
    return null;
  }
}
