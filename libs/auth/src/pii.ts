import { createHmac } from 'node:crypto';
import { hasScope, SCOPES, type MaybeViewer } from './viewer';

/** True when the viewer may see personal data unmasked (the `pii:read` scope). */
export const canReadPii = (viewer: MaybeViewer): boolean => hasScope(viewer, SCOPES.PII_READ);

/** Keep the first character, mask the rest: "สมชาย" → "ส••••". Works on Thai and Latin text. */
export function maskText(value: string | null | undefined): string | null {
  if (value == null) return null;
  const chars = Array.from(value);
  if (chars.length <= 1) return '•';
  return chars[0] + '•'.repeat(chars.length - 1);
}

/**
 * A stable pseudonym for linking records without revealing the value: HMAC-SHA256 under a
 * per-deployment key, first 16 hex digits. The same input gives the same pseudonym.
 */
export function pseudonymise(value: string, key: string): string {
  return createHmac('sha256', key).update(value).digest('hex').slice(0, 16);
}
