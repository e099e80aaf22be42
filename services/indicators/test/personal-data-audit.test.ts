import { randomUUID } from 'node:crypto';
import { readTrustModel } from '@smss/trust';
import { gql, rawLeaks, schemaFromSdlFile } from '@smss/testing';
import { SCHEMA_PATH } from '../src/server';
import { M, ok, startIndicators, THIS_YEAR, type IndicatorsHarness } from './support';
import { A, buildTrustWorld, canUnmask, viewers, type TrustWorld, type Viewer } from './trust-fixtures';

/**
 * Audit completeness: a seeded random mix of reads — random viewers, roots, field subsets, some through
 * inline fragments with @include, some reading a record twice through aliases — and for each one the
 * audit rows written under its request id must be exactly the unmasked personal values it returned
 * (record type, record id, field, subject): none missing, none for masked values. Then: exports are
 * audited the same way, and the audit fails closed.
 */

let h: IndicatorsHarness;
let w: TrustWorld;
let vs: Viewer[];
const model = readTrustModel(schemaFromSdlFile(SCHEMA_PATH));
const RECORDS = new Set(
  [...model.types].filter(([, r]) => ['SCHOOL', 'AREA_OFFICE'].includes(r.owner)).map(([name]) => name),
);
const isPersonal = (type: string, field: string) => {
  const c = model.types.get(type)?.fields.get(field)?.dataClass;
  return c === 'personal' || c === 'sensitive';
};

beforeAll(async () => {
  h = await startIndicators();
  w = await buildTrustWorld(h);
  vs = await viewers(w);
}, 180_000);
afterAll(() => h?.stop());

/** A small seeded PRNG (mulberry32): a failing run prints its seed and can be replayed with AUDIT_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RESULT_FIELDS = ['id', 'orgCode', 'status', 'reporterName', 'reporterPhone', 'narrative', 'score'];
const PMQA_ITEM_FIELDS = ['number', 'title', 'responsiblePerson'];

/** A random subset of the fields, always keeping the first (a record's `id`). */
function pickFields(random: () => number, fields: string[]): string {
  return fields.filter((f, i) => i === 0 || random() < 0.6).join(' ');
}

const wrap = (type: string, body: string, fragments: boolean) =>
  fragments ? `{ __typename ... on ${type} @include(if: true) { ${body} } }` : `{ __typename ${body} }`;

interface Read {
  name: string;
  build: (random: () => number, fragments: boolean) => { query: string; variables: Record<string, unknown> };
}

const READS: Read[] = [
  {
    name: 'indicatorResult twice through aliases',
    build: (random, f) => {
      const sel = wrap('IndicatorResult', pickFields(random, RESULT_FIELDS), f);
      return { query: `query($id: ID!) { a: indicatorResult(id: $id) ${sel} b: indicatorResult(id: $id) ${sel} }`, variables: { id: random() < 0.5 ? w.results.A : w.results.SA } };
    },
  },
  {
    name: '_entities IndicatorResult',
    build: (random, f) => ({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on IndicatorResult ${wrap('IndicatorResult', pickFields(random, RESULT_FIELDS), f)} } }`,
      variables: { r: [w.results.A, w.results.B, w.results.SA].map((id) => ({ __typename: 'IndicatorResult', id })) },
    }),
  },
  {
    name: 'School.indicatorResults',
    build: (random, f) => ({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on School { indicatorResults(fiscalYear: ${THIS_YEAR}, framework: KRS, roundMonth: 12) {
        edges { node ${wrap('IndicatorResult', pickFields(random, RESULT_FIELDS), f)} } } } } }`,
      variables: { r: [{ __typename: 'School', id: w.schoolA.id }] },
    }),
  },
  {
    name: 'AreaOffice score card lines',
    build: (random, f) => ({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on AreaOffice { indicatorScores(fiscalYear: ${THIS_YEAR}, framework: KRS) {
        lines { result ${wrap('IndicatorResult', pickFields(random, RESULT_FIELDS), f)} } } } } }`,
      variables: { r: [{ __typename: 'AreaOffice', code: random() < 0.5 ? A : '9502' }] },
    }),
  },
  {
    name: 'pmqaAssessment evidence register',
    build: (random, f) => ({
      query: `query($o: String!) { pmqaAssessment(orgCode: $o, fiscalYear: ${THIS_YEAR}) { __typename id categories { criteria { evidence
        ${wrap('PmqaEvidenceItem', pickFields(random, PMQA_ITEM_FIELDS), f)} } } } }`,
      variables: { o: random() < 0.5 ? A : '9502' },
    }),
  },
];

/** Every personal value in a response with the record it belongs to (the nearest record above it). */
function personalValues(value: unknown, record?: { type: string; id: string }): Array<{ type: string; field: string; value: unknown; record?: { type: string; id: string } }> {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v) => personalValues(v, record));
  const obj = value as Record<string, unknown>;
  const type = typeof obj.__typename === 'string' ? obj.__typename : undefined;
  const own = type && RECORDS.has(type) && typeof obj.id === 'string' ? { type, id: obj.id } : record;
  return Object.entries(obj).flatMap(([k, v]) =>
    type && isPersonal(type, k) ? [{ type, field: k, value: v, record: own }] : personalValues(v, own),
  );
}

describe('the personal-data audit of the indicators subgraph', () => {
  it('records every unmasked personal value of 600 random reads, and nothing for masked ones', async () => {
    const seed = Number(process.env.AUDIT_SEED ?? Date.now() % 1_000_000);
    const random = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const mismatches: string[] = [];
    let unmasked = 0;
    let masked = 0;
    for (let i = 0; i < 600; i += 1) {
      const read = pick(READS);
      const viewer = pick(vs);
      const { query, variables } = read.build(random, random() < 0.4);
      const requestId = randomUUID();
      const res = await gql(h.service.url, query, variables, { token: viewer.token, headers: { 'x-request-id': requestId } });
      const expected = new Set<string>();
      for (const pv of personalValues(res.data)) {
        if (pv.value == null) continue;
        if (!canUnmask(viewer)) {
          masked += 1;
          continue;
        }
        unmasked += 1;
        const field = pv.record!.type === pv.type ? pv.field : `${pv.type}.${pv.field}`;
        expected.add(`${pv.record!.type} ${pv.record!.id} ${field}`);
      }
      const written: Array<{ subject: string; record_type: string; record_id: string; fields: string[] }> = await h.service.dataSource.query(
        `SELECT subject, record_type, record_id, fields FROM personal_data_access WHERE request_id = $1`,
        [requestId],
      );
      const actual = new Set(written.flatMap((x) => x.fields.map((f) => `${x.record_type} ${x.record_id} ${f}`)));
      const missing = [...expected].filter((x) => !actual.has(x));
      const extra = [...actual].filter((x) => !expected.has(x));
      if (missing.length || extra.length || written.some((x) => x.subject !== viewer.subject) || res.errors)
        mismatches.push(`${viewer.name} × ${read.name}: missing ${missing} extra ${extra} errors ${JSON.stringify(res.errors ?? [])}`);
    }
    console.log(`indicators audit completeness (seed ${seed}): 600 reads, ${unmasked} unmasked values audited, ${masked} masked values unaudited`);
    expect(mismatches).toEqual([]);
    expect(unmasked).toBeGreaterThan(100);
    expect(masked).toBeGreaterThan(30);
  }, 600_000);

  it('audits the reporters a PMQA export shows, against the assessment, in one row', async () => {
    const director = vs.find((v) => v.name === 'area director of A')!;
    const requestId = randomUUID();
    const res = await gql(
      h.service.url,
      M.export,
      { org: A, fy: THIS_YEAR, fw: 'PMQA', format: 'XLSX' },
      { token: director.token, headers: { 'x-request-id': requestId } },
    );
    expect(res.errors).toBeUndefined();
    const rows = await h.service.dataSource.query(
      `SELECT record_type, record_id, fields FROM personal_data_access WHERE request_id = $1`,
      [requestId],
    );
    expect(rows).toEqual([
      { record_type: 'PmqaAssessment', record_id: `${A}:${THIS_YEAR}`, fields: ['PmqaEvidenceItem.responsiblePerson'] },
    ]);
  });

  it('withholds personal values it cannot put on record (fail closed), and still answers masked readers', async () => {
    const admin = vs.find((v) => v.role === 'obec-admin')!;
    const analyst = vs.find((v) => v.role === 'obec-analyst')!;
    const READ = `query($id: ID!) { indicatorResult(id: $id) { id reporterName reporterPhone } }`;
    await h.service.dataSource.query(`ALTER TABLE personal_data_access RENAME TO personal_data_access_away`);
    try {
      const res = await h.q(READ, { id: w.results.A }, admin.token);
      expect(res.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(rawLeaks(res, w.raw.A)).toEqual([]);
      const director = vs.find((v) => v.name === 'area director of A')!;
      const exported = await h.q(M.export, { org: A, fy: THIS_YEAR, fw: 'KRS', format: 'XLSX' }, director.token);
      expect(exported.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(exported.data).toBeNull();
      const masked = ok(await h.q(READ, { id: w.results.A }, analyst.token));
      expect(masked.indicatorResult.reporterName).toMatch(/^.•+/u);
    } finally {
      await h.service.dataSource.query(`ALTER TABLE personal_data_access_away RENAME TO personal_data_access`);
    }
  });
});
