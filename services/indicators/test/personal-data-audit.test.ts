import { randomUUID } from 'node:crypto';
import { readTrustModel } from '@smss/trust';
import {
  AUDIT_ROWS_OF_REQUEST,
  auditedRead,
  gql,
  personalValues,
  pickWith,
  rawLeaks,
  schemaFromSdlFile,
  seededRandom,
  testSeed,
  trustReader,
  type AuditRow,
} from '@smss/testing';
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
/** Records as the audit names them: the school's and the area office's. */
const reader = trustReader(model, ['SCHOOL', 'AREA_OFFICE']);

beforeAll(async () => {
  h = await startIndicators();
  w = await buildTrustWorld(h);
  vs = await viewers(w);
}, 180_000);
afterAll(() => h?.stop());

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

describe('the personal-data audit of the indicators subgraph', () => {
  it('records every unmasked personal value of 600 random reads, and nothing for masked ones', async () => {
    const seed = testSeed();
    const random = seededRandom(seed);
    const pick = pickWith(random);
    const mismatches: string[] = [];
    let unmasked = 0;
    let masked = 0;
    for (let i = 0; i < 600; i += 1) {
      const read = pick(READS);
      const viewer = pick(vs);
      const { query, variables } = read.build(random, random() < 0.4);
      const audited = await auditedRead({
        url: h.service.url,
        query,
        variables,
        reader: viewer,
        unmasks: canUnmask(viewer),
        personalValues: (data) => personalValues(data, reader),
        rows: (requestId) => h.service.dataSource.query<AuditRow[]>(AUDIT_ROWS_OF_REQUEST, [requestId]),
      });
      unmasked += audited.unmasked;
      masked += audited.masked;
      const { missing, extra, strangers, res } = audited;
      if (missing.length || extra.length || strangers.length || res.errors)
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
