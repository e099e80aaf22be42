import { timingSafeEqual } from 'node:crypto';

/** Header the gateway adds so a subgraph answers only the gateway (and its tests). */
export const GATEWAY_SECRET_HEADER = 'x-smss-gateway-secret';

export function isGatewaySecretValid(received: string | undefined | null, expected: string): boolean {
  if (!received) return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
