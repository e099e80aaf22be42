import { loadApiSchema } from '@smss/gateway';
import { gql, tokenFor } from '@smss/testing';
import { runFuzz } from '../src/fuzz';
import { fuzzPools, fuzzTokens } from '../src/fuzz-platform';
import { startPlatform, subgraphCalls, type Platform } from './platform';

let p: Platform;
let admin: string;

beforeAll(async () => {
  p = await startPlatform();
  admin = await tokenFor('obec-admin', 'OBEC');
}, 120_000);
afterAll(() => p.stop());

const viaGateway = (query: string, variables: Record<string, unknown> = {}) =>
  gql(p.gatewayUrl, query, variables, { token: admin, asGateway: false });

/** Straight to a subgraph with a valid gateway assertion: what a caller that got past the gateway sends. */
const direct = (subgraph: string, query: string, variables: Record<string, unknown> = {}) =>
  gql(p.services[subgraph]!.url, query, variables, { token: admin });

describe('limits that count what runs', () => {
  it('costs a page-size variable left at its default ($n: Int = 100), refusing 245 offices × 100 schools', async () => {
    const before = await subgraphCalls(p);
    const res = await viaGateway(
      'query($n: Int = 100) { areaOffices { schools(first: $n) { edges { node { obecCode } } } } }',
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors?.[0]?.extensions?.measured?.cost).toBe(245 * (1 + 1 + 100 * 3));
    expect(await subgraphCalls(p)).toBe(before);
  });

  it('costs the same query hidden in named and inline fragments the same way', async () => {
    const res = await viaGateway(
      `query($n: Int = 100) { ...Q }
       fragment Q on Query { areaOffices { ... on AreaOffice { schools(first: $n) { ...Page } } } }
       fragment Page on SchoolConnection { edges { node { obecCode } } }`,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors?.[0]?.extensions?.measured?.cost).toBe(245 * (1 + 1 + 100 * 3));
  });

  it('runs the same shape with small pages, which is within the limit', async () => {
    const res = await viaGateway(
      'query($n: Int = 2) { areaOffices { code schools(first: $n) { edges { node { obecCode } } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.areaOffices.length).toBeGreaterThan(0);
  });

  it('has each subgraph refuse a direct call over the limit itself', async () => {
    const res = await direct(
      'schools',
      'query($n: Int = 100) { areaOffices { schools(first: $n) { edges { node { obecCode } } } } }',
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/ต้นทุน/);
    const small = await direct('schools', '{ regions { code } }');
    expect(small.errors).toBeUndefined();
  });
});

describe('bad input is never an internal error', () => {
  it('refuses a NUL in a variable at the gateway with BAD_USER_INPUT, naming the path in Thai, calling no subgraph', async () => {
    const before = await subgraphCalls(p);
    const res = await viaGateway('query($f: SchoolFilter) { schools(first: 1, filter: $f) { totalCount } }', {
      f: { search: 'โรงเรียน\u0000' },
    });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.messageTh).toContain('$f.search');
    expect(await subgraphCalls(p)).toBe(before);
  });

  it('refuses a NUL or a lone surrogate in a literal, and an over-long string', async () => {
    const nul = await viaGateway('{ provinces(regionCode: "a\\u0000b") { code } }');
    expect(nul.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(nul.errors?.[0]?.extensions?.messageTh).toContain('provinces.regionCode');
    const surrogate = await viaGateway('query($c: String!) { province(code: $c) { code } }', {
      c: 'x\ud800',
    });
    expect(surrogate.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const long = await viaGateway('query($c: String!) { province(code: $c) { code } }', {
      c: 'x'.repeat(10_001),
    });
    expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses the same NUL in a direct subgraph call (the subgraph runs the same sanitiser)', async () => {
    const res = await direct('schools', 'query($c: String) { provinces(regionCode: $c) { code } }', {
      c: '\u0000',
    });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('passes Thai text and emoji through to the resolvers', async () => {
    const res = await viaGateway('query($f: SchoolFilter) { schools(first: 1, filter: $f) { totalCount } }', {
      f: { search: 'โรงเรียน 🏫 น้ำใจ' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.schools.totalCount).toBeGreaterThanOrEqual(0);
  });

  it('answers a B.E. year typed as a date with BAD_USER_INPUT, not a RangeError', async () => {
    const res = await viaGateway('{ fiscalYearOf(date: "2569-06-10") { year } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/ค\.ศ\./);
    const ok = await viaGateway('{ fiscalYearOf(date: "2026-06-10") { year } }');
    expect(ok.data.fiscalYearOf.year).toBe(2569);
  });

  it('passes a subgraph’s refusal of a Decimal through as BAD_USER_INPUT with its Thai message and no internal URL', async () => {
    for (const [query, variables] of [
      [
        'mutation { approveProjectBudget(id: "00000000-0000-0000-0000-000000000000", approvedBudget: "NaN") { id } }',
        {},
      ],
      [
        'mutation($b: Decimal!) { approveProjectBudget(id: "00000000-0000-0000-0000-000000000000", approvedBudget: $b) { id } }',
        { b: '1e308' },
      ],
    ] as const) {
      const res = await viaGateway(query, variables);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.messageTh).toBeTruthy();
      expect(JSON.stringify(res.errors)).not.toMatch(/127\.0\.0\.1|"response"|400: Bad Request/);
    }
  });

  it('passes a subgraph’s UNAUTHENTICATED through without the subgraph’s URL or response body', async () => {
    const res = await gql(p.gatewayUrl, '{ regions { code } }', {}, { asGateway: false });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.extensions?.messageTh).toBeTruthy();
    expect(JSON.stringify(res.errors)).not.toMatch(/127\.0\.0\.1|"response"/);
  });

  it('survives 300 seeded random operations shaped by the schema: no 5xx, no internal error, no leak', async () => {
    const pools = await fuzzPools(p.gatewayUrl, admin);
    const report = await runFuzz(await loadApiSchema(), {
      seed: 20_260_610,
      operations: 300,
      url: p.gatewayUrl,
      tokens: await fuzzTokens(pools.byName.obecCode?.[0] ?? '1016020001', '1602'),
      pools,
      concurrency: 2,
    });
    expect(report.operations).toBe(300);
    expect(report.problems).toEqual([]);
    expect({ http5xx: report.http5xx, internal: report.internalErrors, leaks: report.leaks }).toEqual({
      http5xx: 0,
      internal: 0,
      leaks: 0,
    });
    // The run must exercise the platform, not only its refusals.
    expect(report.clean).toBeGreaterThan(30);
    expect(report.byCode.BAD_USER_INPUT).toBeGreaterThan(0);
  }, 120_000);
});
