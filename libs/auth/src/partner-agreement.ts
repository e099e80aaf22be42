import { createHmac } from 'node:crypto';
import type { MaybeViewer, Viewer } from './viewer';

/**
 * A partner agreement in force, as the gateway tells each subgraph (inside the signed gateway
 * assertion, claim `pag`): which area offices and schools it covers, which fields of which types
 * it includes (include-only), why, and which pseudonym key version is current. The exchange
 * subgraph owns the agreements; the gateway looks the partner's agreement up per request (cached
 * briefly), so a change or a revocation reaches every subgraph within seconds.
 */
export interface PartnerAgreementClaim {
  /** The agreement's id (exchange subgraph). */
  id: string;
  partnerCode: string;
  areaOfficeCodes: string[];
  schoolCodes: string[];
  /** Per GraphQL type, the fields the partner may read (include-only). */
  include: Record<string, string[]>;
  purposes: string[];
  /** The current pseudonym key version (rotation bumps it: earlier pseudonyms stop linking). */
  keyVersion: number;
  /** Last day in force, ISO `YYYY-MM-DD`. */
  validTo: string;
}

const CODE = /^[A-Z0-9][A-Z0-9_-]{1,31}$/;
const ORG = /^\d{4}(\d{6})?$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Read a `pag` claim defensively (it crossed a process boundary): null when it is not one. */
export function parseAgreementClaim(value: unknown): PartnerAgreementClaim | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const strings = (x: unknown, re: RegExp) =>
    Array.isArray(x) && x.every((s) => typeof s === 'string' && re.test(s)) ? (x as string[]) : null;
  const areaOfficeCodes = strings(v.areaOfficeCodes, ORG);
  const schoolCodes = strings(v.schoolCodes, ORG);
  const purposes =
    Array.isArray(v.purposes) && v.purposes.every((p) => typeof p === 'string')
      ? (v.purposes as string[])
      : null;
  if (
    typeof v.id !== 'string' ||
    typeof v.partnerCode !== 'string' ||
    !CODE.test(v.partnerCode) ||
    !areaOfficeCodes ||
    !schoolCodes ||
    !purposes ||
    typeof v.keyVersion !== 'number' ||
    !Number.isInteger(v.keyVersion) ||
    typeof v.validTo !== 'string' ||
    !v.include ||
    typeof v.include !== 'object'
  )
    return null;
  const include: Record<string, string[]> = {};
  for (const [type, fields] of Object.entries(v.include as Record<string, unknown>)) {
    const list = FIELD.test(type) ? strings(fields, FIELD) : null;
    if (!list) return null;
    include[type] = list;
  }
  return {
    id: v.id,
    partnerCode: v.partnerCode,
    areaOfficeCodes,
    schoolCodes,
    include,
    purposes,
    keyVersion: v.keyVersion,
    validTo: v.validTo,
  };
}

/** The viewer with the agreement the gateway asserted, when it is this partner's own; else unchanged. */
export function withAgreement(
  viewer: MaybeViewer,
  claim: PartnerAgreementClaim | null | undefined,
): MaybeViewer {
  if (!claim || !viewer.authenticated || viewer.level !== 'PARTNER' || viewer.orgCode !== claim.partnerCode)
    return viewer;
  return Object.freeze({ ...viewer, agreement: claim }) as Viewer;
}

/** The agreement in force for this viewer (partners only). */
export const agreementOf = (viewer: MaybeViewer): PartnerAgreementClaim | undefined =>
  viewer.authenticated && viewer.level === 'PARTNER' ? viewer.agreement : undefined;

/**
 * A partner's stable pseudonym for a value (a student's id): HMAC-SHA256 under a per-partner key
 * derived from the platform's master key, the partner code and the key version. The same child gives
 * the same pseudonym to the same partner on every call; another partner (or a rotated key) gets an
 * unrelated one; without the master key there is no way back. 24 hex digits, prefixed `P`.
 */
export function partnerPseudonym(
  value: string,
  input: { masterKey: string; partnerCode: string; keyVersion: number },
): string {
  const partnerKey = createHmac('sha256', input.masterKey)
    .update(`smss-partner-pseudonym:${input.partnerCode}:v${input.keyVersion}`)
    .digest();
  return `P${createHmac('sha256', partnerKey).update(value).digest('hex').slice(0, 24)}`;
}
