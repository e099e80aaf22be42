import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import {
  bearerToken,
  GATEWAY_ASSERTION_HEADER,
  parseAgreementClaim,
  verifyToken,
  type GatewayAssertionSigner,
  type MaybeViewer,
  type PartnerAgreementClaim,
  type TokenSettings,
} from '@smss/auth';
import type { Logger } from '@smss/core';
import { DASHBOARD_OPERATIONS } from '@smss/dashboard/src/operations';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * First-party documents every partner may run: the dashboard's (war-room aggregates, small cells
 * suppressed for partners), so a partner limited to registered operations can still use the dashboard.
 */
export const FIRST_PARTY_OPERATIONS: ReadonlyMap<string, string> = new Map(
  Object.values(DASHBOARD_OPERATIONS).map((document) => [sha256(document), document]),
);

/** A partner's agreement in force, as the gateway applies it: the claim it asserts, the operations it allows. */
export interface AgreementInForce {
  claim: PartnerAgreementClaim;
  /** SHA-256 (hex) of each allowed document → the document. */
  operations: ReadonlyMap<string, string>;
}

const IN_FORCE = `query SmssGatewayPartnerAgreementInForce {
  partnerAgreementInForce {
    id partnerCode areaOfficeCodes schoolCodes include { type fields } purposes keyVersion validTo
    allowedOperations { sha256 document }
  }
}`;

/**
 * Looks up a partner's agreement in force in the exchange subgraph (as the partner: the exchange answers a
 * partner its own agreement only), cached per partner code for `ttlMs` — so a change or a revocation
 * reaches every subgraph within that time — with concurrent lookups of one partner shared.
 */
export function createAgreementLookup(options: {
  exchangeUrl: string;
  signer: GatewayAssertionSigner;
  ttlMs?: number;
  logger: Logger;
}) {
  const ttl = options.ttlMs ?? 10_000;
  const cache = new LRUCache<string, { value: AgreementInForce | null }>({
    max: 1000,
    ttl: Math.max(ttl, 1),
  });
  const inflight = new Map<string, Promise<AgreementInForce | null>>();

  const fetchInForce = async (token: string, requestId: string): Promise<AgreementInForce | null> => {
    let body: { data?: { partnerAgreementInForce?: unknown }; errors?: unknown[] };
    try {
      const res = await fetch(options.exchangeUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-request-id': requestId,
          [GATEWAY_ASSERTION_HEADER]: await options.signer.sign({ subgraph: 'exchange', requestId, token }),
        },
        body: JSON.stringify({ query: IN_FORCE }),
        signal: AbortSignal.timeout(5000),
      });
      body = (await res.json()) as typeof body;
      if (!res.ok || body.errors?.length) throw new Error(`exchange answered ${res.status}`);
    } catch (error) {
      options.logger.warn({ err: error }, 'partner agreement lookup failed');
      throw new Error(`partner agreement lookup failed: ${String(error)}`);
    }
    const raw = body.data?.partnerAgreementInForce as
      | (Record<string, unknown> & {
          include: Array<{ type: string; fields: string[] }>;
          allowedOperations: Array<{ sha256: string; document: string }>;
        })
      | null
      | undefined;
    if (!raw) return null;
    const claim = parseAgreementClaim({
      ...raw,
      include: Object.fromEntries(raw.include.map((e) => [e.type, e.fields])),
    });
    if (!claim) throw new Error('the exchange answered an agreement the gateway cannot read');
    return { claim, operations: new Map(raw.allowedOperations.map((o) => [o.sha256, o.document])) };
  };

  return {
    /** The agreement in force for a partner viewer (null for others, or when the partner has none). */
    async inForce(viewer: MaybeViewer, token: string, requestId: string): Promise<AgreementInForce | null> {
      if (!viewer.authenticated || viewer.level !== 'PARTNER') return null;
      const key = viewer.orgCode;
      const hit = ttl > 0 ? cache.get(key) : undefined;
      if (hit) return hit.value;
      let pending = inflight.get(key);
      if (!pending) {
        pending = fetchInForce(token, requestId).finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      const value = await pending;
      if (ttl > 0) cache.set(key, { value });
      return value;
    },
  };
}

export type AgreementLookup = ReturnType<typeof createAgreementLookup>;

const refusal = (res: Response, status: number, code: string, en: string, th: string, reason?: string) =>
  res
    .status(status)
    .json({ errors: [{ message: en, extensions: { code, messageTh: th, ...(reason ? { reason } : {}) } }] });

/** What the agreement step leaves on the request for the GraphQL context. */
export interface PartnerRequest {
  smssViewer?: MaybeViewer;
  smssAgreement?: PartnerAgreementClaim;
}

/**
 * Before GraphQL: a partner with an agreement in force runs registered operations only (its agreement's,
 * the platform's export documents and the dashboard's `FIRST_PARTY_OPERATIONS`) — sent as the exact text, or by `extensions.persistedQuery.sha256Hash`
 * alone in a POST — which also fixes what such a partner's requests cost. A partner without an agreement
 * keeps ad-hoc queries, which reach aggregates only. The agreement is left on the request for the assertions.
 */
export function partnerOperationsGate(options: {
  lookup: AgreementLookup;
  tokens: TokenSettings;
  logger: Logger;
}) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) return next();
    let viewer: MaybeViewer;
    try {
      viewer = await verifyToken(token, options.tokens);
    } catch {
      return next(); // GraphQL answers 401 with its own message
    }
    const r = req as Request & PartnerRequest;
    r.smssViewer = viewer;
    if (!viewer.authenticated || viewer.level !== 'PARTNER') return next();
    let agreement: AgreementInForce | null;
    try {
      agreement = await options.lookup.inForce(viewer, token, String((req as { id?: unknown }).id ?? ''));
    } catch {
      return refusal(
        res,
        503,
        'SERVICE_UNAVAILABLE',
        'Your partner agreement could not be checked; try again shortly',
        'ไม่สามารถตรวจสอบข้อตกลงการแลกเปลี่ยนข้อมูลของหน่วยงานได้ กรุณาลองใหม่ในอีกสักครู่',
      );
    }
    if (!agreement) return next();
    r.smssAgreement = agreement.claim;
    const body = (req.method === 'GET' ? req.query : req.body) as
      Record<string, unknown> | unknown[] | undefined;
    if (Array.isArray(body))
      return refusal(
        res,
        400,
        'BAD_USER_INPUT',
        'Batched requests are not accepted',
        'ไม่รองรับการส่งหลายคำขอพร้อมกัน',
      );
    const query = typeof body?.query === 'string' ? body.query : undefined;
    let extensions = body?.extensions as { persistedQuery?: { sha256Hash?: unknown } } | string | undefined;
    if (typeof extensions === 'string') {
      try {
        extensions = JSON.parse(extensions) as { persistedQuery?: { sha256Hash?: unknown } };
      } catch {
        extensions = undefined;
      }
    }
    const hash = extensions?.persistedQuery?.sha256Hash;
    const notRegistered = () =>
      refusal(
        res,
        403,
        'FORBIDDEN',
        'This operation is not registered for your partner agreement',
        'คำสั่งนี้ไม่ได้ลงทะเบียนไว้ในข้อตกลงการแลกเปลี่ยนข้อมูลของหน่วยงาน',
        'OPERATION_NOT_REGISTERED',
      );
    const allowed = (h: string) => agreement.operations.get(h) ?? FIRST_PARTY_OPERATIONS.get(h);
    if (query !== undefined) {
      if (!allowed(sha256(query))) return notRegistered();
      return next();
    }
    if (typeof hash === 'string' && req.method === 'POST' && body && !Array.isArray(body)) {
      const document = allowed(hash);
      if (!document) return notRegistered();
      body.query = document;
      delete (body.extensions as Record<string, unknown>).persistedQuery;
      return next();
    }
    return notRegistered();
  };
}
