import { randomUUID } from 'node:crypto';
import {
  createGatewayAssertionSigner,
  DEFAULT_SCOPES,
  GATEWAY_ASSERTION_HEADER,
  generateGatewayKeyPair,
  signToken,
  type PartnerAgreementClaim,
  type Role,
} from '@smss/auth';
import { DEV_JWT_SECRET } from '@smss/core';

/** Settings tests boot services with (the documented development HS256 default). */
export const TEST_TOKENS = { secret: DEV_JWT_SECRET, issuer: 'smss-federated', audience: 'smss-api' };

/**
 * The gateway key pair of this test process (generated at load, never written anywhere): boot
 * subgraphs with `gatewayPublicKeys: TEST_GATEWAY_KEYS.publicKey` and a test gateway with
 * `gatewayPrivateKey: TEST_GATEWAY_KEYS.privateKey`.
 */
export const TEST_GATEWAY_KEYS = generateGatewayKeyPair();

/** The security part of a subgraph's runtime config in tests. */
export const TEST_SUBGRAPH_SECURITY = {
  tokens: TEST_TOKENS,
  gatewayPublicKeys: TEST_GATEWAY_KEYS.publicKey,
};

const testSigner = createGatewayAssertionSigner(TEST_GATEWAY_KEYS.privateKey);

export function tokenFor(
  role: Role,
  orgCode: string,
  scopes: string[] = DEFAULT_SCOPES[role],
  subject = `test:${role}:${orgCode}`,
) {
  return signToken({ subject, role, orgCode, scopes }, TEST_TOKENS);
}

/**
 * The headers the gateway sends a subgraph: a fresh assertion for `subgraph` signed with the test
 * gateway key, bound to `token`, carrying `requestId` (the id the subgraph's audit will record).
 */
export async function gatewayHeaders(
  subgraph: string,
  options: { token?: string; requestId?: string; agreement?: PartnerAgreementClaim } = {},
): Promise<Record<string, string>> {
  const requestId = options.requestId ?? randomUUID();
  const headers: Record<string, string> = {
    [GATEWAY_ASSERTION_HEADER]: await testSigner.sign({
      subgraph,
      requestId,
      token: options.token,
      agreement: options.agreement,
    }),
    'x-request-id': requestId,
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return headers;
}

const serviceNames = new Map<string, Promise<string>>();

/** Which process answers at this URL: the `service` of its /healthz (cached per origin). */
function serviceAt(url: string): Promise<string> {
  const origin = new URL(url).origin;
  let name = serviceNames.get(origin);
  if (!name) {
    name = fetch(`${origin}/healthz`)
      .then((res) => res.json() as Promise<{ service?: string }>)
      .then((body) => {
        if (!body.service) throw new Error(`${origin}/healthz names no service`);
        return body.service;
      });
    name.catch(() => serviceNames.delete(origin));
    serviceNames.set(origin, name);
  }
  return name;
}

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: unknown; extensions?: Record<string, any> }>;
  headers: Headers;
}

export interface GqlOptions {
  token?: string;
  /**
   * Call a subgraph as the gateway would (default): a signed assertion for the subgraph named by
   * `subgraph` or, when omitted, by the target's /healthz (`gateway` gets none). `false` sends no
   * assertion, as a client that skipped the gateway would.
   */
  asGateway?: boolean | { subgraph?: string; requestId?: string };
  /** A partner agreement in force the assertion carries (as the gateway asserts it for a partner). */
  agreement?: PartnerAgreementClaim;
  /** Extra headers; an `x-request-id` here becomes the assertion's request id. */
  headers?: Record<string, string>;
}

/** POST a GraphQL operation the way the gateway (or a client) would. */
export async function gql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: GqlOptions = {},
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const asGateway = options.asGateway ?? true;
  if (asGateway !== false) {
    const chosen = typeof asGateway === 'object' ? asGateway : {};
    const subgraph = chosen.subgraph ?? (await serviceAt(url));
    if (subgraph !== 'gateway') {
      const requestId = chosen.requestId ?? options.headers?.['x-request-id'];
      Object.assign(
        headers,
        await gatewayHeaders(subgraph, { token: options.token, requestId, agreement: options.agreement }),
      );
    }
  }
  Object.assign(headers, options.headers ?? {});
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: GraphQLResponse['errors'] };
  return { status: res.status, data: body.data, errors: body.errors, headers: res.headers };
}
