import { gql, tokenFor } from '@smss/testing';
import { startSchools, type SchoolsHarness } from './support';

let h: SchoolsHarness;
let token: string;

beforeAll(async () => {
  h = await startSchools();
  token = await tokenFor('obec-analyst', 'OBEC');
});
afterAll(() => h.stop());

const q = (query: string, variables: Record<string, unknown> = {}, t: string | null = token) =>
  gql(h.service.url, query, variables, { token: t ?? undefined });

describe('schools subgraph queries', () => {
  it('lists all 77 provinces with official two-digit codes, Lopburi among them', async () => {
    const res = await q('{ provinces { code nameTh region { code nameEn } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.provinces).toHaveLength(77);
    expect(res.data.provinces.find((p: any) => p.code === '16').nameTh).toBe('ลพบุรี');
    expect(new Set(res.data.provinces.map((p: any) => p.code)).size).toBe(77);
  });

  it('lists the six regions with their provinces', async () => {
    const res = await q('{ regions { code nameTh provinces { code } } }');
    expect(res.data.regions).toHaveLength(6);
    expect(res.data.regions.flatMap((r: any) => r.provinces).length).toBe(77);
  });

  it('lists the three Lopburi sandbox area offices with their kind and school counts', async () => {
    const res = await q(
      '{ areaOffices(provinceCode: "16") { code kind nameTh schoolCount districts { code } } }',
    );
    expect(res.errors).toBeUndefined();
    const offices = res.data.areaOffices;
    expect(offices.map((a: any) => a.kind).sort()).toEqual(['PRIMARY', 'PRIMARY', 'SECONDARY']);
    expect(offices.map((a: any) => a.nameTh).join()).toContain('ลพบุรี เขต 1');
    for (const office of offices) {
      expect(office.schoolCount).toBeGreaterThan(10);
      expect(office.districts.length).toBeGreaterThan(0);
    }
  });

  it('pages through schools with first/after and reports the same totalCount on every page', async () => {
    const first = await q(
      'query($f: SchoolFilter) { schools(first: 25, filter: $f) { totalCount edges { cursor node { obecCode } } pageInfo { hasNextPage endCursor } } }',
      {
        f: { areaOfficeCode: '1601' },
      },
    );
    expect(first.errors).toBeUndefined();
    const total = first.data.schools.totalCount;
    expect(total).toBeGreaterThan(25);
    const seen = new Set<string>();
    let after: string | null = null;
    let pages = 0;
    do {
      const res: any = await q(
        'query($a: String) { schools(first: 50, after: $a, filter: { areaOfficeCode: "1601" }) { totalCount edges { node { obecCode areaOffice { code } } } pageInfo { hasNextPage endCursor } } }',
        { a: after },
      );
      expect(res.data.schools.totalCount).toBe(total);
      for (const e of res.data.schools.edges) {
        expect(e.node.areaOffice.code).toBe('1601');
        seen.add(e.node.obecCode);
      }
      after = res.data.schools.pageInfo.hasNextPage ? res.data.schools.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(seen.size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 50));
  });

  it('filters by province and district', async () => {
    const district = await q(
      '{ schools(first: 100, filter: { districtCode: "1601" }) { totalCount edges { node { district { code nameTh } province { code } } } } }',
    );
    expect(district.data.schools.totalCount).toBeGreaterThan(0);
    for (const e of district.data.schools.edges) {
      expect(e.node.district.code).toBe('1601');
      expect(e.node.province.code).toBe('16');
    }
    const other = await q('{ schools(filter: { provinceCode: "10" }) { totalCount } }');
    expect(other.data.schools.totalCount).toBe(0);
  });

  it('finds schools by part of a Thai name using the trigram index', async () => {
    const any = await q(
      '{ schools(first: 1, filter: { areaOfficeCode: "1602" }) { edges { node { nameTh obecCode } } } }',
    );
    const name: string = any.data.schools.edges[0].node.nameTh;
    const fragment = name.replace(/^โรงเรียน/, '').slice(0, 6);
    const res = await q(
      'query($s: String) { schools(first: 100, filter: { search: $s }) { totalCount edges { node { nameTh } } } }',
      { s: fragment },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.schools.totalCount).toBeGreaterThan(0);
    for (const e of res.data.schools.edges) expect(e.node.nameTh).toContain(fragment);
    const runner = h.service.dataSource.createQueryRunner();
    await runner.query('SET enable_seqscan = off');
    const plan = await runner.query(`EXPLAIN SELECT id FROM school WHERE name_th ILIKE $1`, [
      `%${fragment}%`,
    ]);
    await runner.query('RESET enable_seqscan');
    await runner.release();
    expect(JSON.stringify(plan)).toContain('school_name_th_trgm');
  });

  it('finds a school by its exact OBEC code through search and by school(obecCode:)', async () => {
    const any = await q('{ schools(first: 1) { edges { node { id obecCode smisCode } } } }');
    const { id, obecCode, smisCode } = any.data.schools.edges[0].node;
    const bySearch = await q(
      'query($s: String) { schools(filter: { search: $s }) { edges { node { id } } } }',
      { s: smisCode },
    );
    expect(bySearch.data.schools.edges.map((e: any) => e.node.id)).toContain(id);
    const byCode = await q(
      'query($c: String) { school(obecCode: $c) { id nameTh statusHistory { toStatus } } }',
      { c: obecCode },
    );
    expect(byCode.data.school.id).toBe(id);
    expect(byCode.data.school.statusHistory[0].toStatus).toBe('OPEN');
    const byId = await q('query($id: ID) { school(id: $id) { obecCode } }', { id });
    expect(byId.data.school.obecCode).toBe(obecCode);
  });

  it('refuses a school lookup with both or neither key, and a page size over the cap, as BAD_USER_INPUT', async () => {
    const both = await q('{ school(id: "x", obecCode: "1016010001") { id } }');
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(both.errors?.[0]?.extensions?.messageTh).toMatch(/ต้องระบุ/);
    const big = await q('{ schools(first: 1000) { totalCount } }');
    expect(big.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const cursor = await q('{ schools(after: "garbage!") { totalCount } }');
    expect(cursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists an area office’s schools through AreaOffice.schools with totalCount', async () => {
    const res = await q(
      '{ areaOffice(code: "1650") { nameTh kind schoolCount schools(first: 5) { totalCount edges { node { schoolType levels } } } } }',
    );
    expect(res.errors).toBeUndefined();
    const office = res.data.areaOffice;
    expect(office.kind).toBe('SECONDARY');
    expect(office.schools.totalCount).toBe(office.schoolCount);
    for (const e of office.schools.edges) expect(e.node.levels).toContain('LOWER_SECONDARY');
  });

  it('resolves School, AreaOffice and Province entities through _entities by every key, in order', async () => {
    const any = await q('{ schools(first: 2) { edges { node { id obecCode } } } }');
    const [a, b] = any.data.schools.edges.map((e: any) => e.node);
    const res = await q(
      `query($r: [_Any!]!) { _entities(representations: $r) {
         ... on School { id obecCode } ... on AreaOffice { code kind } ... on Province { code nameTh } } }`,
      {
        r: [
          { __typename: 'School', obecCode: b.obecCode },
          { __typename: 'School', id: a.id },
          { __typename: 'School', id: '00000000-0000-0000-0000-000000000000' },
          { __typename: 'AreaOffice', code: '1601' },
          { __typename: 'Province', code: '16' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([
      { id: b.id, obecCode: b.obecCode },
      { id: a.id, obecCode: a.obecCode },
      null,
      { code: '1601', kind: 'PRIMARY' },
      { code: '16', nameTh: 'ลพบุรี' },
    ]);
  });

  it('answers anonymous reads with UNAUTHENTICATED, including _entities', async () => {
    const res = await q('{ schools { totalCount } }', {}, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const ent = await q(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on School { id } } }',
      { r: [{ __typename: 'School', obecCode: '1016010001' }] },
      null,
    );
    expect(ent.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses callers that skip the gateway (no gateway assertion) with 403', async () => {
    const res = await gql(h.service.url, '{ regions { code } }', {}, { token, asGateway: false });
    expect(res.status).toBe(403);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects a forged token as UNAUTHENTICATED', async () => {
    const forged = token.slice(0, -4) + 'AAAA';
    const res = await q('{ regions { code } }', {}, forged);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('serves health, readiness (details to OBEC administrators only) and Prometheus metrics', async () => {
    const base = h.service.url.replace('/graphql', '');
    const admin = { authorization: `Bearer ${await tokenFor('obec-admin', 'OBEC')}` };
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const anonymous = await fetch(`${base}/readyz`);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ status: 'ready' });
    const ready = await fetch(`${base}/readyz`, { headers: admin });
    expect(((await ready.json()) as any).checks.map((c: any) => [c.name, c.ok])).toEqual([
      ['postgres', true],
      ['nats', true],
    ]);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect(await (await fetch(`${base}/metrics`, { headers: admin })).text()).toContain(
      'http_request_duration_seconds',
    );
  });
});
