import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { RoleSchema, type Role } from '@circle/shared';

/**
 * Capability links: a signed token naming a session, a role and, for personal links, a
 * person. Whoever holds it may act as that; so it is HMAC-signed, expires, and can be
 * revoked by bumping the session's link generation for that role.
 */
const ClaimsSchema = z.strictObject({
  sid: z.string(),
  role: RoleSchema,
  /** The person this link belongs to: staff links and personal links carry one. */
  pid: z.string().optional(),
  gen: z.number().int().nonnegative(),
  exp: z.number().int(),
});
export type LinkClaims = z.infer<typeof ClaimsSchema>;

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: 'invalid' | 'expired' };

export class LinkSigner {
  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  sign(claims: LinkClaims): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  verify(token: string): LinkCheck {
    const [body, mac, ...rest] = token.split('.');
    if (!body || !mac || rest.length > 0) return { ok: false, reason: 'invalid' };
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
    let claims: LinkClaims;
    try {
      claims = ClaimsSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (claims.exp <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

export function joinUrl(publicUrl: string, token: string): string {
  // The token travels in the fragment, which browsers never send to a server or a log.
  return `${publicUrl}/join#${token}`;
}

export type { Role };
