import { DEFAULT_SCOPES, GATEWAY_SECRET_HEADER, signToken, type Role } from '@smss/auth';
import { DEV_GATEWAY_SHARED_SECRET, DEV_JWT_SECRET } from '@smss/core';

/** Settings tests boot services with (the documented dev defaults). */
export const TEST_TOKENS = { secret: DEV_JWT_SECRET, issuer: 'smss-federated', audience: 'smss-api' };
export const TEST_GATEWAY_SECRET = DEV_GATEWAY_SHARED_SECRET;

export function tokenFor(
  role: Role,
  orgCode: string,
  scopes: string[] = DEFAULT_SCOPES[role],
  subject = `test:${role}:${orgCode}`,
) {
  return signToken({ subject, role, orgCode, scopes }, TEST_TOKENS);
}

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: unknown; extensions?: Record<string, any> }>;
  headers: Headers;
}

/** POST a GraphQL operation the way the gateway (or a client) would. */
export async function gql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; gatewaySecret?: string | null; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const secret = options.gatewaySecret === undefined ? TEST_GATEWAY_SECRET : options.gatewaySecret;
  if (secret) headers[GATEWAY_SECRET_HEADER] = secret;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: GraphQLResponse['errors'] };
  return { status: res.status, data: body.data, errors: body.errors, headers: res.headers };
}
