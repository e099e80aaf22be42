import { parse } from 'graphql';
import express from 'express';
import { SignJWT } from 'jose';
import { createLogger } from '@smss/core';
import {
  createGatewayAssertionSigner,
  GATEWAY_ASSERTION_HEADER,
  generateGatewayKeyPair,
  parseGatewayPrivateKey,
  signToken,
} from '@smss/auth';
import { closeServer, listen } from './http-app';
import { startSubgraph, type RequestContext, type RunningSubgraph } from './subgraph';

/**
 * A real subgraph over HTTP: only the gateway (a valid assertion) gets in, the request id comes
 * from the assertion, and the operational endpoints tell anonymous callers nothing internal.
 */
const tokens = {
  secret: 'a-test-hs256-secret-with-forty-characters',
  issuer: 'smss-federated',
  audience: 'smss-api',
};
const OPS_TOKEN = 'kP3xV9qL2mN8rT5wZ1yB6cF4hJ7dG0sA';
const gatewayKeys = generateGatewayKeyPair();
const signer = createGatewayAssertionSigner(gatewayKeys.privateKey);
const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query {
    "Who is asking / ผู้ขอ"
    whoami: String
    "The request id the resolvers see / รหัสคำขอ"
    requestId: String
  }
`);

let natsUp = true;
const start = (introspection?: boolean) =>
  startSubgraph<RequestContext>(
    {
      service: 'schools',
      typeDefs,
      trust: { owners: {} },
      resolvers: {
        Query: {
          whoami: (_p: unknown, _a: unknown, ctx: RequestContext) =>
            ctx.viewer.authenticated ? ctx.viewer.subject : null,
          requestId: (_p: unknown, _a: unknown, ctx: RequestContext) => ctx.requestId,
        },
      } as never,
      logger: createLogger('test', 'silent'),
      tokens,
      gatewayPublicKeys: gatewayKeys.publicKey,
      introspection,
      ops: { token: OPS_TOKEN },
      readiness: [
        { name: 'postgres', check: async () => undefined },
        {
          name: 'nats',
          check: async () => {
            if (!natsUp) throw new Error('NATS connection closed (nats://10.0.0.7:4222)');
          },
        },
      ],
      auditSql: async () => [],
      buildContext: (base) => base,
    },
    0,
  );

let subgraph: RunningSubgraph;
let base: string;
let admin: string;
let staff: string;
beforeAll(async () => {
  subgraph = await start();
  base = subgraph.url.replace(/\/graphql$/, '');
  admin = await signToken({ subject: 'admin-1', role: 'obec-admin', orgCode: 'OBEC', scopes: [] }, tokens);
  staff = await signToken(
    { subject: 'staff-1', role: 'school-staff', orgCode: '1016010001', scopes: [] },
    tokens,
  );
});
afterAll(() => subgraph.close());

async function post(query: string, headers: Record<string, string>, url = subgraph.url) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const asGateway = async (token?: string, requestId = 'gw-request-1', subgraphName = 'schools') => ({
  [GATEWAY_ASSERTION_HEADER]: await signer.sign({ subgraph: subgraphName, requestId, token }),
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

const expectRefused = (res: { status: number; body: any }) => {
  expect(res.status).toBe(403);
  // Outside production the answer says why (`reason`), so a failing test names the cause.
  expect(res.body.errors[0].extensions).toEqual({
    code: 'FORBIDDEN',
    messageTh: 'บริการนี้รับคำขอผ่านเกตเวย์ของระบบเท่านั้น',
    reason: expect.any(String),
  });
};

describe('a subgraph answers only the gateway', () => {
  it("answers a request with a valid assertion; the resolvers see the gateway's request id, not the client's", async () => {
    const res = await post('{ whoami requestId }', {
      ...(await asGateway(staff, 'gw-7f3a')),
      'x-request-id': 'chosen-by-the-client',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ whoami: 'staff-1', requestId: 'gw-7f3a' });
  });

  it('refuses a request without an assertion, and one with the retired shared secret', async () => {
    expectRefused(await post('{ whoami }', { authorization: `Bearer ${staff}` }));
    expectRefused(
      await post('{ whoami }', {
        authorization: `Bearer ${staff}`,
        'x-smss-gateway-secret': 'dev-only-gateway-shared-secret',
      }),
    );
  });

  it('refuses a forged assertion (another key), an expired one and one for another subgraph', async () => {
    const forger = createGatewayAssertionSigner(generateGatewayKeyPair().privateKey);
    expectRefused(
      await post('{ whoami }', {
        [GATEWAY_ASSERTION_HEADER]: await forger.sign({ subgraph: 'schools', requestId: 'r', token: staff }),
        authorization: `Bearer ${staff}`,
      }),
    );
    const past = Math.floor(Date.now() / 1000) - 300;
    const expired = await new SignJWT({ rid: 'r', jti: 'j' })
      .setProtectedHeader({ alg: 'ES256', kid: signer.keyId })
      .setIssuer('smss-gateway')
      .setAudience('schools')
      .setIssuedAt(past)
      .setExpirationTime(past + 60)
      .sign(parseGatewayPrivateKey(gatewayKeys.privateKey));
    expectRefused(await post('{ whoami }', { [GATEWAY_ASSERTION_HEADER]: expired }));
    expectRefused(await post('{ whoami }', await asGateway(staff, 'r', 'students')));
  });

  it("refuses an assertion replayed with another user's token", async () => {
    const forStaff = await asGateway(staff);
    expectRefused(await post('{ whoami }', { ...forStaff, authorization: `Bearer ${admin}` }));
  });
});

describe('introspection and suggestions', () => {
  it('are off by default: __schema is refused and a typo gets no "Did you mean"', async () => {
    const schema = await post('{ __schema { types { name } } }', await asGateway(admin));
    expect(schema.body.errors[0].message).toMatch(/introspection/i);
    const typo = await post('{ whoam }', await asGateway(admin));
    expect(typo.body.errors[0].message).toMatch(/Cannot query field "whoam"/);
    expect(typo.body.errors[0].message).not.toMatch(/Did you mean/);
  });

  it('are on when asked for (development)', async () => {
    const open = await start(true);
    try {
      const schema = await post('{ __schema { queryType { name } } }', await asGateway(admin), open.url);
      expect(schema.body.data.__schema.queryType.name).toBe('Query');
      const typo = await post('{ whoam }', await asGateway(admin), open.url);
      expect(typo.body.errors[0].message).toMatch(/Did you mean "whoami"/);
    } finally {
      await open.close();
    }
  });
});

describe('/readyz and /metrics', () => {
  const get = async (path: string, token?: string) => {
    const res = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, text: await res.text() };
  };

  it('tell anonymous callers only ready / not ready, with no names, URLs or errors', async () => {
    expect(await get('/readyz')).toEqual({ status: 200, text: JSON.stringify({ status: 'ready' }) });
    natsUp = false;
    try {
      expect(await get('/readyz')).toEqual({ status: 503, text: JSON.stringify({ status: 'not ready' }) });
      const staffView = await get('/readyz', staff);
      expect(staffView.text).toBe(JSON.stringify({ status: 'not ready' }));
    } finally {
      natsUp = true;
    }
  });

  it('show the checks to the ops token and to OBEC administrators', async () => {
    natsUp = false;
    try {
      for (const credential of [OPS_TOKEN, admin]) {
        const res = await get('/readyz', credential);
        expect(res.status).toBe(503);
        expect(JSON.parse(res.text)).toEqual({
          status: 'not ready',
          service: 'schools',
          checks: [
            { name: 'postgres', ok: true },
            { name: 'nats', ok: false, error: 'NATS connection closed (nats://10.0.0.7:4222)' },
          ],
        });
      }
    } finally {
      natsUp = true;
    }
  });

  it('serve Prometheus metrics only with the ops token or an OBEC administrator token', async () => {
    const anonymous = await get('/metrics');
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await get('/metrics', staff)).status).toBe(401);
    expect((await get('/metrics', 'a-wrong-ops-token-of-thirty-two-ch')).status).toBe(401);
    for (const credential of [OPS_TOKEN, admin]) {
      const res = await get('/metrics', credential);
      expect(res.status).toBe(200);
      expect(res.text).toContain('http_request_duration_seconds');
    }
  });
});

describe('listen', () => {
  it('binds the loopback interface unless told otherwise', async () => {
    const { server } = await listen(express(), 0);
    try {
      expect(server.address()).toMatchObject({ address: '127.0.0.1' });
    } finally {
      await closeServer(server);
    }
  });
});
