import { randomUUID } from 'node:crypto';
import { readTrustModel } from '@smss/trust';
import {
  entitiesQuery,
  leafPaths,
  nonNullByPath,
  rawLeaks,
  recordsIn,
  schemaFromSdlFile,
  selectAll,
  trustReader,
  type GraphQLResponse,
  type LeafPath,
} from '@smss/testing';
import { DEFAULT_LIMITS } from '@smss/service-kit';
import { SCHEMA_PATH } from '../src/server';
import { startIndicators, THIS_YEAR, type IndicatorsHarness } from './support';
import { A, B, buildTrustWorld, C, canUnmask, viewers, type TrustWorld, type Viewer } from './trust-fixtures';

/*
 * The generated authorisation matrix: every viewer × every root field and `_entities` type × every field
 * path `selectAll` reaches (plainly and through inline fragments with @include) × allow / deny; and
 * 1,000 out-of-scope ids per viewer through `_entities` and `indicatorResult(id)`.
 */

let h: IndicatorsHarness;
let w: TrustWorld;
let vs: Viewer[];
const schema = schemaFromSdlFile(SCHEMA_PATH);
const model = readTrustModel(schema);
const { isPersonal, recordsAlong } = trustReader(model);

type Owner = 'A' | 'SA' | 'B';
interface Root {
  name: string;
  type: string;
  prefix: string;
  query: (selection: string) => string;
  variables: () => Record<string, unknown>;
  /** The owner of every record the root reaches; null for open data and lists across owners. */
  owner: Owner | null;
  /** What the root must return for the viewer. */
  check: (v: Viewer, r: GraphQLResponse<any>) => void;
}

const FY = THIS_YEAR;
const entities = (type: string, reps: () => Array<Record<string, unknown>>, owner: Owner | null, check: Root['check']): Root => ({
  name: `_entities ${type}`,
  type,
  prefix: '_entities[].',
  query: entitiesQuery(type),
  variables: () => ({ r: reps() }),
  owner,
  check,
});
const one = (v: Viewer, owner: Owner, got: unknown, id: string) => expect(got ?? null).toBe(v.sees.has(owner) ? id : null);
const areasOf = (v: Viewer) => (v.role.startsWith('obec') ? [A, B, C] : v.role.startsWith('area') ? [v.org] : []);

const ROOTS: Root[] = [
  {
    name: 'indicatorResult (area office A)',
    type: 'IndicatorResult',
    prefix: 'indicatorResult.',
    query: (sel) => `query($id: ID!) { indicatorResult(id: $id) ${sel} }`,
    variables: () => ({ id: w.results.A }),
    owner: 'A',
    check: (v, r) => one(v, 'A', r.data.indicatorResult?.id, w.results.A),
  },
  {
    name: 'indicatorResult (school of A)',
    type: 'IndicatorResult',
    prefix: 'indicatorResult.',
    query: (sel) => `query($id: ID!) { indicatorResult(id: $id) ${sel} }`,
    variables: () => ({ id: w.results.SA }),
    owner: 'SA',
    check: (v, r) => one(v, 'SA', r.data.indicatorResult?.id, w.results.SA),
  },
  {
    name: 'indicatorResults (ARS of A)',
    type: 'IndicatorResultConnection',
    prefix: 'indicatorResults.',
    query: (sel) => `query($o: String!) { indicatorResults(orgCode: $o, fiscalYear: ${FY}, framework: ARS, roundMonth: 12, first: 5) ${sel} }`,
    variables: () => ({ o: A }),
    owner: 'A',
    check: (v, r) => expect(r.data.indicatorResults.totalCount).toBe(v.sees.has('A') ? 1 : 0),
  },
  {
    name: 'pmqaAssessment (A)',
    type: 'PmqaAssessment',
    prefix: 'pmqaAssessment.',
    query: (sel) => `query($o: String!) { pmqaAssessment(orgCode: $o, fiscalYear: ${FY}) ${sel} }`,
    variables: () => ({ o: A }),
    owner: 'A',
    check: (v, r) => one(v, 'A', r.data.pmqaAssessment?.orgCode, A),
  },
  {
    name: 'platformMeasure (A)',
    type: 'PlatformMeasureValue',
    prefix: 'platformMeasure.',
    query: (sel) => `query($o: String!) { platformMeasure(measure: ENROLMENT, orgCode: $o, fiscalYear: ${FY}) ${sel} }`,
    variables: () => ({ o: A }),
    owner: 'A',
    check: (v, r) => one(v, 'A', r.data.platformMeasure?.orgCode, A),
  },
  entities('IndicatorResult', () => [{ __typename: 'IndicatorResult', id: w.results.B }], 'B', (v, r) =>
    one(v, 'B', r.data._entities[0]?.id, w.results.B),
  ),
  entities('AreaOffice', () => [{ __typename: 'AreaOffice', code: A }], 'A', (v, r) =>
    one(v, 'A', r.data._entities[0].indicatorScores?.orgCode, A),
  ),
  entities('School', () => [{ __typename: 'School', id: w.schoolA.id }], 'SA', (v, r) =>
    expect(r.data._entities[0].indicatorResults.totalCount).toBe(v.sees.has('SA') ? 1 : 0),
  ),
  {
    name: 'indicatorReportingStatus (area offices)',
    type: 'OrganisationReportingStatusConnection',
    prefix: 'indicatorReportingStatus.',
    query: (sel) => `{ indicatorReportingStatus(fiscalYear: ${FY}, framework: KRS, roundMonth: 12, first: 10) ${sel} }`,
    variables: () => ({}),
    owner: null,
    check: (v, r) =>
      expect(r.data.indicatorReportingStatus.edges.map((e: any) => e.node.orgCode).sort()).toEqual(areasOf(v).sort()),
  },
  {
    name: 'indicatorScoreRanking',
    type: 'IndicatorScoreCardConnection',
    prefix: 'indicatorScoreRanking.',
    query: (sel) => `{ indicatorScoreRanking(fiscalYear: ${FY}, framework: KRS, first: 10) ${sel} }`,
    variables: () => ({}),
    owner: null,
    check: (v, r) =>
      expect(r.data.indicatorScoreRanking.edges.map((e: any) => e.node.orgCode).sort()).toEqual(areasOf(v).sort()),
  },
  {
    name: 'indicator (the open catalogue)',
    type: 'Indicator',
    prefix: 'indicator.',
    query: (sel) => `query($id: ID!) { indicator(id: $id) ${sel} }`,
    variables: () => ({ id: w.ids.K1 }),
    owner: null,
    check: (_v, r) => expect(r.data.indicator.id).toBe(w.ids.K1),
  },
  {
    name: 'indicators (the open catalogue)',
    type: 'IndicatorConnection',
    prefix: 'indicators.',
    query: (sel) => `{ indicators(fiscalYear: ${FY}, framework: KRS) ${sel} }`,
    variables: () => ({}),
    owner: null,
    check: (_v, r) => expect(r.data.indicators.totalCount).toBe(2),
  },
  {
    name: 'reportingRounds',
    type: 'ReportingRound',
    prefix: 'reportingRounds[].',
    query: (sel) => `{ reportingRounds(fiscalYear: ${FY}) ${sel} }`,
    variables: () => ({}),
    owner: null,
    check: (_v, r) => expect(r.data.reportingRounds).toHaveLength(4),
  },
];

const MODES = [
  { name: 'plain', viaFragments: false },
  { name: 'fragments + @include', viaFragments: true },
];
const DEPTH = 4;
const ARGS = {
  'School.indicatorResults': `(fiscalYear: ${FY}, framework: KRS, roundMonth: 12, first: 5)`,
  'AreaOffice.indicatorScores': `(fiscalYear: ${FY}, framework: KRS)`,
};

beforeAll(async () => {
  // The matrix selects every field four levels deep in one operation: above the default cost limit
  // (the limit has its own tests); depth and alias limits stay as deployed.
  h = await startIndicators({ limits: { ...DEFAULT_LIMITS, maxCost: 10_000_000 } });
  w = await buildTrustWorld(h);
  vs = await viewers(w);
}, 180_000);
afterAll(() => h?.stop());

/** Score cards are the area office's own: a path through one is owned by the area, whatever the root. */
const AREA_OF: Record<Owner, Owner> = { A: 'A', SA: 'A', B: 'B' };
const ownerOfPath = (root: Owner | null, p: LeafPath): Owner | null =>
  root && p.types.includes('IndicatorScoreCard') ? AREA_OF[root] : root;

describe('the generated authorisation matrix', () => {
  it('reaches every leaf field of every type a read can return', () => {
    const covered = new Set<string>();
    for (const root of ROOTS)
      for (const p of leafPaths(schema, root.type, { depth: DEPTH, args: ARGS })) covered.add(`${p.typeName}.${p.field}`);
    // Types only mutations return (a catalogue copy, a report file) are not reads: the writer gets its own answer.
    const readOnly = new Set(['IndicatorCatalogueCopy', 'IndicatorReportFile']);
    const leaves = [...model.types]
      .filter(([type]) => !readOnly.has(type))
      .flatMap(([type, rule]) => [...rule.fields].filter(([, f]) => f.leaf).map(([field]) => `${type}.${field}`));
    expect(leaves.filter((f) => !covered.has(f))).toEqual([]);
    expect(leaves.length).toBeGreaterThan(140);
  });

  it('gives every allowed viewer the records (unmasked iff pii:read) and every denied viewer none, on every path', async () => {
    const rawAll = new Set([...w.raw.A, ...w.raw.SA, ...w.raw.B]);
    const cells = { allow: 0, deny: 0, unmasked: 0, masked: 0, open: 0 };
    const failures: string[] = [];
    for (const root of ROOTS) {
      for (const mode of MODES) {
        const options = { depth: DEPTH, viaFragments: mode.viaFragments, args: ARGS };
        const selection = selectAll(schema, root.type, options);
        const paths = leafPaths(schema, root.type, options);
        let reference: Map<string, unknown[]> | undefined;
        for (const v of vs) {
          const r = await h.q(root.query(selection), root.variables(), v.token);
          const where = `${v.name} × ${root.name} (${mode.name})`;
          if (r.errors) failures.push(`${where}: errors ${JSON.stringify(r.errors)}`);
          if (r.status >= 500) failures.push(`${where}: HTTP ${r.status}`);
          try {
            root.check(v, r);
          } catch (error) {
            failures.push(`${where}: ${(error as Error).message.split('\n').slice(0, 6).join(' ')}`);
          }
          const got = nonNullByPath(r.data);
          reference ??= got; // the OBEC administrator sees everything: the reference shape
          for (const p of paths) {
            const owner = ownerOfPath(root.owner, p);
            const allowed = owner === null || v.sees.has(owner);
            const path = root.prefix + p.path;
            const values = got.get(path) ?? [];
            const expected = reference.get(path)?.length ?? 0;
            const personal = isPersonal(p.typeName, p.field);
            const cell = `${where}: ${path}`;
            const records = recordsAlong(p);
            if (records.length && !allowed) {
              if (values.length) failures.push(`${cell} denied but answered ${JSON.stringify(values)}`);
              cells.deny += 1;
            } else if (personal && owner && canUnmask(v)) {
              if (values.length !== expected) failures.push(`${cell} ${values.length} values, expected ${expected}`);
              for (const x of values) if (!rawAll.has(String(x))) failures.push(`${cell} ${x} is not the raw value`);
              cells.unmasked += 1;
            } else if (personal && owner) {
              if (values.length !== expected) failures.push(`${cell} ${values.length} values, expected ${expected}`);
              for (const x of values) if (rawAll.has(String(x))) failures.push(`${cell} ${x} unmasked without pii:read`);
              cells.masked += 1;
            } else if (records.length && owner) {
              if (values.length !== expected) failures.push(`${cell} ${values.length} values, expected ${expected}`);
              cells.allow += 1;
            } else {
              // Open fields and lists across owners: never more than OBEC sees.
              if (values.length > expected) failures.push(`${cell} more values than OBEC sees`);
              cells.open += 1;
            }
          }
          // No raw personal value of an owner the viewer may not see, or may see only masked.
          const forbidden = (['A', 'SA', 'B'] as const)
            .filter((o) => !v.sees.has(o) || !canUnmask(v))
            .flatMap((o) => w.raw[o]);
          const leaks = rawLeaks(r, forbidden);
          if (leaks.length) failures.push(`${where}: leaked ${leaks.join(', ')}`);
        }
      }
    }
    expect(failures.slice(0, 40)).toEqual([]);
    const total = Object.values(cells).reduce((a, b) => a + b, 0);
    console.log(`indicators authorisation matrix: ${total} cells`, cells);
    expect(total).toBeGreaterThan(10_000);
    expect(cells.deny).toBeGreaterThan(2_000);
    expect(cells.unmasked).toBeGreaterThan(50);
    expect(cells.masked).toBeGreaterThan(50);
  }, 600_000);

  it('returns no record and no personal value for 1,000 out-of-scope ids per viewer, by _entities and indicatorResult(id)', async () => {
    const FIELDS = `id orgCode reporterName reporterPhone narrative evidence { fileName } history { by }`;
    let cells = 0;
    const failures: string[] = [];
    for (const v of vs) {
      // Nothing is out of OBEC's scope: ids nobody holds must answer the same as hidden ones.
      const ids = v.role.startsWith('obec') ? Array.from({ length: 1000 }, () => randomUUID()) : w.outOfScope.ids;
      expect(ids.length).toBeGreaterThanOrEqual(1000);
      for (let i = 0; i < ids.length; i += 50) {
        const batch = ids.slice(i, i + 50);
        const ent = await h.q(
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on IndicatorResult { ${FIELDS} } } }`,
          { r: batch.map((id) => ({ __typename: 'IndicatorResult', id })) },
          v.token,
        );
        const byId = await h.q(
          `query { ${batch.slice(0, 25).map((id, j) => `r${j}: indicatorResult(id: "${id}") { ${FIELDS} }`).join(' ')} }`,
          {},
          v.token,
        );
        if (ent.errors || byId.errors) failures.push(`${v.name}: ${JSON.stringify(ent.errors ?? byId.errors)}`);
        if (JSON.stringify(ent.data?._entities) !== JSON.stringify(batch.map(() => null)))
          failures.push(`${v.name}: _entities answered records`);
        if (recordsIn([ent.data, byId.data]) !== 0) failures.push(`${v.name}: records returned`);
        const leaks = rawLeaks([ent, byId], [...w.outOfScope.raw, '036 999 999']);
        if (leaks.length) failures.push(`${v.name}: leaked ${leaks.length} values`);
        cells += batch.length + 25;
      }
    }
    expect(failures).toEqual([]);
    console.log(`indicators out-of-scope ids: ${cells} cells (${vs.length} viewers)`);
    expect(cells).toBeGreaterThanOrEqual(vs.length * 1000);
  }, 600_000);
});
