import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { bearerToken, verifyToken, type TokenSettings } from '@smss/auth';

/** Who may read the operational endpoints beyond their bare status. */
export interface OpsSettings {
  /** Bearer credential (`OPS_TOKEN`) for /readyz details and /metrics, e.g. Prometheus' `authorization`. */
  token?: string;
  /** Serve /metrics without a credential (development; default false). */
  publicMetrics?: boolean;
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * An ops caller sends `Authorization: Bearer <OPS_TOKEN>`, or a valid user token of an OBEC
 * administrator. Anyone else reads only `/readyz`'s status and, outside development, no `/metrics`.
 */
export function opsCallerCheck(
  ops: OpsSettings | undefined,
  tokens: TokenSettings | undefined,
): (req: Request) => Promise<boolean> {
  return async (req) => {
    let token: string | undefined;
    try {
      token = bearerToken(req.headers.authorization);
    } catch {
      return false;
    }
    if (!token) return false;
    if (ops?.token && sameSecret(token, ops.token)) return true;
    if (!tokens) return false;
    try {
      return (await verifyToken(token, tokens)).role === 'obec-admin';
    } catch {
      return false;
    }
  };
}
