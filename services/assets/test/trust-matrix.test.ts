import { randomUUID } from 'node:crypto';
import {
  aliasedById,
  directoryEntries,
  entitiesQuery,
  outOfScopeSweep,
  partnerSweep,
  runSchoolMatrix,
  schoolMatrixViewers,
  tokenFor,
  treeFields,
  readableFields,
  type MatrixEntry,
  type MatrixViewer,
} from '@smss/testing';
import { M, ok, startAssets, type AssetsHarness, type TestSchool } from './support';
import {
  model,
  piecesUnderCost,
  rawValues,
  reader,
  schema,
  schoolWorld,
  TODAY,
  type SchoolWorld,
} from './trust-fixtures';

/**
 * The generated authorisation matrix of the assets subgraph: every viewer × every root field and
 * `_entities` type × every field path reachable from it (plain, and with every level inside an inline
 * fragment with @include) × a school the viewer may see and one it may not. Allowed: the records, personal
 * values unmasked exactly when the viewer holds pii:read. Denied: no record, no raw personal value, no
 * count, no school id or code in an error.
 */

let h: AssetsHarness;
const worlds: Record<'A1' | 'B', SchoolWorld> = {} as never;
let viewers: MatrixViewer[];
/** Out-of-scope records for every school and area viewer: 1,000 assets and 1,000 buildings in area 9663. */
const bulk = {
  assets: [] as string[],
  buildings: [] as string[],
  schools: [] as TestSchool[],
  raw: [] as string[],
};

beforeAll(async () => {
  h = await startAssets({ today: () => TODAY });
  ok(await h.q(M.schedule, { i: { fiscalYear: 2570 } }, await tokenFor('obec-admin', 'OBEC')));
  worlds.A1 = await schoolWorld(h, 'A1', 1001, '9661');
  worlds.B = await schoolWorld(h, 'B', 2001, '9662');
  const otherOfA = await h.addSchool('9661');
  const A1 = worlds.A1.school.obecCode;
  viewers = await schoolMatrixViewers({
    areaA: '9661',
    areaB: '9662',
    schoolA1: A1,
    otherSchoolOfA: otherOfA.obecCode,
    staffOfA1: 'school staff (custodian) of A1',
  });
  // The out-of-scope bulk: 10 schools of area 9663, 100 assets (each with a custodian) and 100 buildings each.
  for (let s = 0; s < 10; s += 1) {
    const school = await h.addSchool('9663');
    bulk.schools.push(school);
    const custodians = Array.from({ length: 100 }, () => randomUUID());
    bulk.raw.push(...custodians);
    const assets: Array<{ id: string }> = await h.sql(
      `INSERT INTO asset (school_id, code, category_code, description, acquisition_method, acquired_on, cost, capitalised,
                          useful_life_years, usage, custodian_staff_id, created_by)
       SELECT $1, '7440-002-' || lpad(n::text, 4, '0') || '/2569', '7440-002', 'ลับ', 'PURCHASE', '2025-11-01', 24500, true, 5,
              'TEACHING', ($2::uuid[])[n], 'test'
         FROM generate_series(1, 100) AS n RETURNING id`,
      [school.id, custodians],
    );
    bulk.assets.push(...assets.map((a) => a.id));
    const buildings: Array<{ id: string }> = await h.sql(
      `INSERT INTO building (school_id, name, type_code, year_built, budget_source, floors, condition, condition_assessed_on, created_by)
       SELECT $1, 'อาคารลับ ' || n, 'CLASSROOM_OTHER', 2540, 'OTHER', 1, 'GOOD', '2026-01-01', 'test'
         FROM generate_series(1, 100) AS n RETURNING id`,
      [school.id],
    );
    bulk.buildings.push(...buildings.map((b) => b.id));
  }
}, 600_000);
afterAll(() => h?.stop());

type Entry = MatrixEntry<SchoolWorld>;

const byId = (field: string, id: (w: SchoolWorld) => string): Pick<Entry, 'operation' | 'variables'> => ({
  operation: (s) => `query($id: ID!) { ${field}(id: $id) ${s} }`,
  variables: (w) => ({ id: id(w) }),
});

const ENTRIES: Entry[] = [
  {
    name: '_entities School',
    type: 'School',
    operation: entitiesQuery('School'),
    variables: (w) => ({ r: [{ __typename: 'School', id: w.school.id }] }),
    reaches: rawValues,
    scoped: true,
  },
  {
    name: '_entities Building',
    type: 'Building',
    operation: entitiesQuery('Building'),
    variables: (w) => ({ r: [{ __typename: 'Building', id: w.buildingId }] }),
    reaches: rawValues,
    scoped: true,
  },
  {
    name: '_entities Asset',
    type: 'Asset',
    operation: entitiesQuery('Asset'),
    variables: (w) => ({ r: [{ __typename: 'Asset', id: w.assetId }] }),
    reaches: rawValues,
    scoped: true,
  },
  {
    name: '_entities Procurement',
    type: 'Procurement',
    operation: entitiesQuery('Procurement'),
    variables: (w) => ({ r: [{ __typename: 'Procurement', id: w.procurementId }] }),
    reaches: rawValues,
    scoped: true,
  },
  {
    name: 'Query.building',
    type: 'Building',
    ...byId('building', (w) => w.buildingId),
    reaches: rawValues,
    scoped: true,
  },
  {
    name: 'Query.asset',
    type: 'Asset',
    ...byId('asset', (w) => w.assetId),
    reaches: rawValues,
    scoped: true,
  },
  {
    name: 'Query.procurement (person vendor)',
    type: 'Procurement',
    ...byId('procurement', (w) => w.procurementId),
    reaches: rawValues,
    scoped: true,
  },
  {
    name: 'Query.procurement (company vendor)',
    type: 'Procurement',
    ...byId('procurement', (w) => w.companyProcurementId),
    reaches: rawValues,
    scoped: true,
  },
  {
    name: 'Query.stockTake',
    type: 'StockTake',
    ...byId('stockTake', (w) => w.stockTakeId),
    reaches: rawValues,
    scoped: true,
  },
  {
    name: 'Query.buildingSurvey',
    type: 'BuildingSurvey',
    ...byId('buildingSurvey', (w) => w.surveyId),
    reaches: rawValues,
    scoped: true,
  },
  {
    name: 'Query.assetByCode',
    type: 'Asset',
    operation: (s) => `query($s: ID!) { assetByCode(schoolId: $s, code: "7440-002-0001/2569") ${s} }`,
    variables: (w) => ({ s: w.school.id }),
    reaches: rawValues,
    scoped: true,
  },
  {
    name: 'Query.assets (of the school)',
    type: 'AssetConnection',
    operation: (s) => `query($s: ID!) { assets(first: 10, filter: { schoolId: $s }) ${s} }`,
    variables: (w) => ({ s: w.school.id }),
    reaches: rawValues,
    scoped: true,
    depth: 7,
  },
  {
    name: 'Query.buildings (of the school)',
    type: 'BuildingConnection',
    operation: (s) => `query($s: ID!) { buildings(first: 10, filter: { schoolId: $s }) ${s} }`,
    variables: (w) => ({ s: w.school.id }),
    reaches: rawValues,
    scoped: true,
    depth: 7,
  },
  {
    name: 'Query.exportAssetRegister',
    type: 'AssetRegisterFile',
    operation: (s) =>
      `query($s: ID!) { exportAssetRegister(schoolId: $s, fiscalYear: 2570, format: CSV) ${s} }`,
    variables: (w) => ({ s: w.school.id }),
    reaches: () => [],
    scoped: true,
    noRecords: true,
  },
  {
    name: 'Query.buildingCategories',
    type: 'BuildingCategoryInfo',
    operation: (s) => `{ buildingCategories ${s} }`,
    reaches: () => [],
    scoped: false,
  },
  {
    name: 'Query.assetCategories',
    type: 'AssetCategory',
    operation: (s) => `{ assetCategories ${s} }`,
    reaches: () => [],
    scoped: false,
  },
  {
    name: 'Query.assetAccountingRules',
    type: 'AssetAccountingRules',
    operation: (s) => `{ assetAccountingRules ${s} }`,
    reaches: () => [],
    scoped: false,
  },
  {
    name: 'Query.procurementMethods',
    type: 'ProcurementMethodRule',
    operation: (s) => `{ procurementMethods ${s} }`,
    reaches: () => [],
    scoped: false,
  },
  ...directoryEntries<SchoolWorld>(),
];

/** An entry's field paths down to its depth (6 unless it says), in pieces the cost limit accepts. */
const piecesFor = (entry: Entry) =>
  piecesUnderCost(entry.type, entry.depth ?? 6, entry.operation, entry.variables?.(worlds.A1));
const matrix = () => ({
  entries: ENTRIES,
  viewers,
  worlds,
  pieces: piecesFor,
  query: h.q,
  rawValues,
  reader,
  companyType: 'Vendor',
});

describe('the generated authorisation matrix of the assets subgraph', () => {
  it('reaches every field of every type a read can return, through its root fields and entities', () => {
    const covered = new Set<string>();
    for (const entry of ENTRIES) for (const p of piecesFor(entry)) treeFields(p, covered);
    const all = readableFields(schema, model, [
      'Query',
      'School',
      'AreaOffice',
      'Province',
      'Building',
      'Asset',
      'Procurement',
    ]);
    expect(all.filter((f) => !covered.has(f))).toEqual([]);
    expect(all.length).toBeGreaterThan(250);
  });

  it('shows every viewer exactly the records of its reach on every field path, unmasked only with pii:read', async () => {
    const { cells, failures } = await runSchoolMatrix(matrix());
    expect(failures.slice(0, 30)).toEqual([]);
    console.log(
      `assets trust matrix: ${cells} cells (viewers × field paths × allow/deny, plain and via fragments)`,
    );
    expect(cells).toBeGreaterThan(10_000);
  }, 900_000);

  it('answers 1,000 out-of-scope ids per viewer through _entities and the id-taking root fields with no record and no personal value', async () => {
    const summary = await outOfScopeSweep(
      viewers,
      bulk.raw,
      async (v, { check, checkNullEntities }, pick) => {
        const assets = pick(bulk.assets, randomUUID);
        const buildings = pick(bulk.buildings, randomUUID);
        const ENTITY = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Asset { id code custodian { id } school { id } } } }`;
        checkNullEntities(
          await h.q(ENTITY, { r: assets.map((id) => ({ __typename: 'Asset', id })) }, v.token),
          1000,
        );
        const buildingEntities = await h.q(
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Building { id name } } }`,
          { r: buildings.map((id) => ({ __typename: 'Building', id })) },
          v.token,
        );
        check(buildingEntities);
        for (let i = 0; i < 1000; i += 25) {
          const assetSelection = '{ id custodian { id } disposal { recipient } }';
          check(await h.q(aliasedById('asset', assets.slice(i, i + 25), assetSelection), {}, v.token));
          check(await h.q(aliasedById('building', buildings.slice(i, i + 25), '{ id name }'), {}, v.token));
        }
        const schools = pick(
          bulk.schools.map((s) => s.id),
          randomUUID,
        );
        check(
          await h.q(
            `query($r: [_Any!]!) { _entities(representations: $r) { ... on School { assets(first: 100) { totalCount edges { node { id custodian { id } } } } } } }`,
            { r: schools.map((id) => ({ __typename: 'School', id })) },
            v.token,
          ),
        );
        return assets.length + buildings.length;
      },
    );
    console.log(`out-of-scope ids per viewer: ${summary[0]!.ids}`);
    expect(summary.filter((s) => s.records || s.leaks || s.errors.length)).toEqual([]);
    expect(summary.every((s) => s.ids >= 1000)).toBe(true);
  }, 600_000);

  it('gives a partner selecting every field it can reach no raw personal value, only the aggregates', async () => {
    const raw = [...rawValues(worlds.A1), ...rawValues(worlds.B), ...bulk.raw];
    for (const v of viewers.filter((x) => x.role === 'partner')) {
      const { leaked, records } = await partnerSweep(matrix(), v, raw);
      expect(records).toEqual([]);
      expect({ viewer: v.name, leaked }).toEqual({ viewer: v.name, leaked: [] });
      const totals = ok(
        await h.q(
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on AreaOffice { assetSummary(fiscalYear: 2570) { schools assets bookValue } } } }`,
          { r: [{ __typename: 'AreaOffice', code: '9661' }] },
          v.token,
        ),
      );
      expect(totals._entities[0].assetSummary).toMatchObject({ schools: 2, assets: 3 });
    }
  }, 600_000);
});
