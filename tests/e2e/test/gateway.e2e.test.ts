import { startGateway } from '@smss/gateway';
import { gql, testLogger, tokenFor } from '@smss/testing';
import { gatewayTestConfig, startPlatform, subgraphCalls, type Platform } from './platform';

let p: Platform;
let admin: string;

beforeAll(async () => {
  p = await startPlatform();
  admin = await tokenFor('obec-admin', 'OBEC');
});
afterAll(() => p.stop());

const viaGateway = (query: string, variables: Record<string, unknown> = {}, token: string | null = admin) =>
  gql(p.gatewayUrl, query, variables, { token: token ?? undefined, asGateway: false });

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(p.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('gateway end to end (all subgraphs composed, real HTTP)', () => {
  it('answers a directory query through the gateway with the token forwarded', async () => {
    const res = await viaGateway(
      `query($f: SchoolFilter) { schools(first: 3, filter: $f) { totalCount edges { node { obecCode nameTh areaOffice { code nameTh } province { nameTh } } } } }`,
      { f: { areaOfficeCode: '1602' } },
    );
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.schools.totalCount).toBeGreaterThan(100);
    expect(res.data.schools.edges[0].node.areaOffice.code).toBe('1602');
    expect(res.data.schools.edges[0].node.province.nameTh).toBe('ลพบุรี');
  });

  it('passes the subgraph’s UNAUTHENTICATED through for anonymous callers', async () => {
    const res = await viaGateway('{ regions { code } }', {}, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a bad token with 401 UNAUTHENTICATED and a Thai message, before any subgraph call', async () => {
    const before = await subgraphCalls(p);
    const res = await viaGateway('{ regions { code } }', {}, 'not.a.jwt');
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/โทเค็น/);
    expect(await subgraphCalls(p)).toBe(before);
  });

  it('refuses a too-deep query with QUERY_TOO_COMPLEX and calls no subgraph', async () => {
    const before = await subgraphCalls(p);
    const deep = `{ schools(first: 1) { edges { node { areaOffice { schools(first: 1) { edges { node { areaOffice { schools(first: 1) { edges { node { areaOffice { province { region { code } } } } } } } } } } } } } } }`;
    const res = await viaGateway(deep);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/เกินกำหนด/);
    expect(await subgraphCalls(p)).toBe(before);
  });

  it('refuses an over-costly query and one with too many aliases, calling no subgraph', async () => {
    const before = await subgraphCalls(p);
    const costly = `{ areaOffices { schools(first: 100) { edges { node { areaOffice { schools(first: 100) { edges { node { obecCode } } } } } } } } }`;
    const cost = await viaGateway(costly);
    expect(cost.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(cost.errors?.[0]?.message).toMatch(/cost/);
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: regions { code }`).join(' ')} }`;
    const alias = await viaGateway(aliases);
    expect(alias.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(alias.errors?.[0]?.message).toMatch(/aliases/);
    expect(await subgraphCalls(p)).toBe(before);
  });

  it('answers malformed JSON with 400 and a GraphQL-shaped error', async () => {
    const res = await post('{"query": "{ regions { code } }"', { authorization: `Bearer ${admin}` });
    expect(res.status).toBe(400);
    const body: any = await res.json();
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(body.errors[0].extensions.messageTh).toMatch(/JSON/);
  });

  it('answers a syntax error with 400 GRAPHQL_PARSE_FAILED and a Thai message', async () => {
    const res = await viaGateway('{ regions { code ');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/GraphQL/);
  });

  it('answers bad input with BAD_USER_INPUT or a validation error, never a 500', async () => {
    const res = await viaGateway(`mutation($i: CreateSchoolInput!) { createSchool(input: $i) { id } }`, {
      i: {
        obecCode: 'x',
        smisCode: '1',
        nameTh: '',
        areaOfficeCode: '1601',
        districtCode: '1601',
        levels: ['PRIMARY'],
        schoolType: 'PRIMARY',
      },
    });
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.messageTh).toBeTruthy();
    const wrongType = await viaGateway(`query { schools(first: "ten") { totalCount } }`);
    expect(wrongType.status).toBe(400);
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const badVariable = await viaGateway(`query($n: Int) { schools(first: $n) { totalCount } }`, {
      n: 'many',
    });
    expect(badVariable.status).toBe(400);
    expect(badVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('serves queries over GET but refuses mutations over GET with 405', async () => {
    const q = encodeURIComponent('{ regions { code } }');
    const get = await fetch(`${p.gatewayUrl}?query=${q}`, {
      headers: {
        authorization: `Bearer ${admin}`,
        accept: 'application/graphql-response+json',
        'apollo-require-preflight': 'true',
      },
    });
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toMatch(/application\/graphql-response\+json/);
    const m = encodeURIComponent('mutation { updateSchool(id: "x", input: {}) { id } }');
    const mutation = await fetch(`${p.gatewayUrl}?query=${m}`, {
      headers: { authorization: `Bearer ${admin}`, 'apollo-require-preflight': 'true' },
    });
    expect(mutation.status).toBe(405);
  });

  it('refuses a simple cross-site GET without a preflight header (CSRF prevention)', async () => {
    const res = await fetch(`${p.gatewayUrl}?query=${encodeURIComponent('{ regions { code } }')}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(400);
  });

  it('serves an offline GraphQL explorer whose page and assets load from this server only', async () => {
    const page = await fetch(p.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ['react.js', 'react-dom.js', 'graphiql.js', 'graphiql.css']) {
      const res = await fetch(`${p.gatewayBase}/explorer/assets/${asset}`);
      expect(res.status).toBe(200);
    }
  });

  it('masks internal errors: a subgraph that is down gives INTERNAL_SERVER_ERROR with no detail', async () => {
    const down = await startGateway(
      gatewayTestConfig({ schools: 'http://127.0.0.1:9/graphql' }),
      testLogger(),
    );
    try {
      const res = await gql(down.url, '{ regions { code } }', {}, { token: admin, asGateway: false });
      expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(res.errors?.[0]?.extensions?.messageTh).toBeTruthy();
      expect(JSON.stringify(res.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
      const ready = await fetch(down.url.replace('/graphql', '/readyz'));
      expect(ready.status).toBe(503);
    } finally {
      await down.close();
    }
  });

  it('reports readiness of every subgraph', async () => {
    const res = await fetch(`${p.gatewayBase}/readyz`);
    expect(res.status).toBe(200);
  });
});
