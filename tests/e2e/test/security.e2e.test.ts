import { randomUUID } from 'node:crypto';
import { startGateway } from '@smss/gateway';
import { gql, testLogger, tokenFor } from '@smss/testing';
import { gatewayTestConfig, startPlatform, type Platform } from './platform';

/**
 * The gateway proves itself to the subgraphs, owns the request id, and tells anonymous callers
 * nothing internal: introspection, /readyz and /metrics as a production deployment serves them.
 */
let p: Platform;
let admin: string;
let staff: string;
const OPS_TOKEN = 'kP3xV9qL2mN8rT5wZ1yB6cF4hJ7dG0sA';

beforeAll(async () => {
  p = await startPlatform({ ops: { token: OPS_TOKEN } });
  admin = await tokenFor('obec-admin', 'OBEC');
  staff = await tokenFor('school-staff', '1016010001');
});
afterAll(() => p.stop());

const subgraphUrls = () => Object.fromEntries(Object.entries(p.services).map(([name, s]) => [name, s.url]));
const viaGateway = (url: string, query: string, token?: string) =>
  gql(url, query, {}, { token, asGateway: false });
const get = async (url: string, token?: string) => {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
};

describe('the gateway proves itself to the subgraphs', () => {
  it('answers a federated query: every subgraph accepted the assertions the gateway signed', async () => {
    const res = await viaGateway(
      p.gatewayUrl,
      `{ school(obecCode: "1016010001") { obecCode enrollmentSummary(academicYear: 2569) { total } staffCount
         allocations(fiscalYear: 2569) { __typename } } }`,
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.school.obecCode).toBe('1016010001');
  });

  it('leaves a client holding a valid token but no assertion at the subgraph door (403)', async () => {
    for (const service of Object.values(p.services)) {
      const res = await gql(service.url, '{ __typename }', {}, { token: admin, asGateway: false });
      expect(res.status).toBe(403);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it("records the gateway's own request id, never the client's x-request-id, on what the subgraph writes", async () => {
    const clientChosen = `client-chosen-${randomUUID()}`;
    const n = String(Math.floor(Math.random() * 9000) + 1000);
    const res = await fetch(p.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${admin}`,
        'x-request-id': clientChosen,
      },
      body: JSON.stringify({
        query: `mutation($i: CreateSchoolInput!) { createSchool(input: $i) { id } }`,
        variables: {
          i: {
            obecCode: `101601${n}`,
            smisCode: `1601${n}`,
            nameTh: `โรงเรียนบ้านรหัสคำขอ ${n}`,
            areaOfficeCode: '1601',
            districtCode: '1601',
            levels: ['PRIMARY'],
            schoolType: 'PRIMARY',
          },
        },
      }),
    });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    const gatewayId = res.headers.get('x-request-id');
    expect(gatewayId).toMatch(/^[0-9a-f-]{36}$/);
    expect(gatewayId).not.toBe(clientChosen);
    const [event] = await p.services.schools!.dataSource.query(
      `SELECT envelope->>'correlationId' AS "correlationId" FROM outbox_event WHERE aggregate_id = $1`,
      [body.data.createSchool.id],
    );
    expect(event.correlationId).toBe(gatewayId);
  });
});

describe('introspection and suggestions', () => {
  it('in production with GRAPHQL_INTROSPECTION=true: anonymous callers are refused, authenticated ones answered', async () => {
    const gateway = await startGateway(
      gatewayTestConfig(subgraphUrls(), { introspection: 'authenticated' }),
      testLogger(),
    );
    try {
      const anonymous = await viaGateway(gateway.url, '{ __schema { queryType { name } } }');
      expect(anonymous.status).toBe(401);
      expect(anonymous.errors?.[0]?.extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        messageTh: expect.stringMatching(/introspection/),
      });
      const typeQuery = await viaGateway(gateway.url, '{ __type(name: "School") { name } }');
      expect(typeQuery.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const signedIn = await viaGateway(gateway.url, '{ __schema { queryType { name } } }', staff);
      expect(signedIn.data.__schema.queryType.name).toBe('Query');
      const typo = await viaGateway(gateway.url, '{ regionz { code } }', staff);
      expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    } finally {
      await gateway.close();
    }
  });

  it('in production by default: off for everybody, and no "Did you mean" suggestions', async () => {
    const gateway = await startGateway(
      gatewayTestConfig(subgraphUrls(), { introspection: 'off' }),
      testLogger(),
    );
    try {
      const res = await viaGateway(gateway.url, '{ __schema { queryType { name } } }', admin);
      expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.data).toBeUndefined();
      const typo = await viaGateway(gateway.url, '{ regionz { code } }', admin);
      expect(typo.errors?.[0]?.message).toMatch(/Cannot query field "regionz"/);
      expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
      expect((await viaGateway(gateway.url, '{ __typename }', admin)).data).toEqual({ __typename: 'Query' });
    } finally {
      await gateway.close();
    }
  });

  it('in development: open, so the explorer loads its schema before a token is pasted', async () => {
    const res = await viaGateway(p.gatewayUrl, '{ __schema { queryType { name } } }');
    expect(res.data.__schema.queryType.name).toBe('Query');
    const typo = await viaGateway(p.gatewayUrl, '{ regionz { code } }', admin);
    expect(typo.errors?.[0]?.message).toMatch(/Did you mean "regions"/);
  });
});

describe('/readyz and /metrics of the gateway', () => {
  it('tell anonymous callers only the status; ops callers see each subgraph by name, with no URL', async () => {
    expect(await get(`${p.gatewayBase}/readyz`)).toEqual({ status: 200, body: { status: 'ready' } });
    expect((await get(`${p.gatewayBase}/readyz`, staff)).body).toEqual({ status: 'ready' });
    for (const credential of [OPS_TOKEN, admin]) {
      const detailed = await get(`${p.gatewayBase}/readyz`, credential);
      expect(detailed.body.checks.map((c: any) => [c.name, c.ok])).toEqual(
        Object.keys(p.services).map((name) => [name, true]),
      );
      expect(JSON.stringify(detailed.body)).not.toMatch(/127\.0\.0\.1|http:/);
    }
  });

  it('say "not ready" without a URL or raw error when a subgraph is down', async () => {
    const down = await startGateway(
      gatewayTestConfig({ schools: 'http://127.0.0.1:9/graphql' }, { ops: { token: OPS_TOKEN } }),
      testLogger(),
    );
    try {
      const base = down.url.replace(/\/graphql$/, '');
      expect(await get(`${base}/readyz`)).toEqual({ status: 503, body: { status: 'not ready' } });
      const detailed = await get(`${base}/readyz`, OPS_TOKEN);
      expect(detailed.body.checks).toEqual([{ name: 'schools', ok: false, error: 'unreachable' }]);
    } finally {
      await down.close();
    }
  });

  it('serve metrics to the ops token (Prometheus) and OBEC administrators, not to anonymous or other users', async () => {
    expect((await get(`${p.gatewayBase}/metrics`)).status).toBe(401);
    expect((await get(`${p.gatewayBase}/metrics`, staff)).status).toBe(401);
    for (const credential of [OPS_TOKEN, admin]) {
      const res = await fetch(`${p.gatewayBase}/metrics`, {
        headers: { authorization: `Bearer ${credential}` },
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('gateway_subgraph_requests_total');
    }
  });
});
