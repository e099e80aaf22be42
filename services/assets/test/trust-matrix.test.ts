import { randomUUID } from 'node:crypto';
import { DEFAULT_LIMITS } from '@smss/service-kit';
import { leafPathCount, objectsOfTypes, rawLeaks, tokenFor, type GraphQLResponse } from '@smss/testing';
import { M, ok, startAssets, type AssetsHarness, type TestSchool } from './support';
import {
  costOf,
  fieldsOf,
  model,
  personalValues,
  piecesOf,
  rawValues,
  RECORD_TYPES,
  render,
  schoolWorld,
  selectionTree,
  TODAY,
  totalCounts,
  typesReachableFrom,
  viewer,
  type SchoolWorld,
  type SelectionTree,
  type Viewer,
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
let viewers: Viewer[];
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
  viewers = await Promise.all([
    viewer('OBEC admin', 'obec-admin', 'OBEC', ['A1', 'B'], true),
    viewer('OBEC analyst (no pii:read)', 'obec-analyst', 'OBEC', ['A1', 'B'], false),
    viewer('area officer of A', 'area-officer', '9661', ['A1'], true),
    viewer('area officer of another area (B)', 'area-officer', '9662', ['B'], true),
    viewer('area director of A', 'area-director', '9661', ['A1'], true),
    viewer('school director of A1', 'school-director', A1, ['A1'], true),
    viewer('school staff (custodian) of A1', 'school-staff', A1, ['A1'], true),
    viewer('school staff of another school of A', 'school-staff', otherOfA.obecCode, [], true),
    viewer('partner', 'partner', 'EEF', [], false),
    viewer('partner holding pii:read', 'partner', 'EEF', [], false, ['pii:read', 'aggregates:read']),
    viewer('school staff of A1 without pii:read', 'school-staff', A1, ['A1'], false, []),
  ]);
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

interface Entry {
  name: string;
  type: string;
  operation: (selection: string) => string;
  variables?: (w: SchoolWorld) => Record<string, unknown>;
  /** The raw personal values of the school every field path of this entry reaches together. */
  reaches: (w: SchoolWorld) => string[];
  /** A school's records (scoped) rather than reference data or aggregates (open to every viewer). */
  scoped: boolean;
  /** Scoped, but answers a file rather than records (the register export). */
  noRecords?: boolean;
  depth?: number;
}

const entities = (type: string) => (s: string) =>
  `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} ${s} } }`;
const byId = (field: string, id: (w: SchoolWorld) => string): Pick<Entry, 'operation' | 'variables'> => ({
  operation: (s) => `query($id: ID!) { ${field}(id: $id) ${s} }`,
  variables: (w) => ({ id: id(w) }),
});

const ENTRIES: Entry[] = [
  {
    name: '_entities School',
    type: 'School',
    operation: entities('School'),
    variables: (w) => ({ r: [{ __typename: 'School', id: w.school.id }] }),
    reaches: rawValues,
    scoped: true,
  },
  {
    name: '_entities Building',
    type: 'Building',
    operation: entities('Building'),
    variables: (w) => ({ r: [{ __typename: 'Building', id: w.buildingId }] }),
    reaches: rawValues,
    scoped: true,
  },
  {
    name: '_entities Asset',
    type: 'Asset',
    operation: entities('Asset'),
    variables: (w) => ({ r: [{ __typename: 'Asset', id: w.assetId }] }),
    reaches: rawValues,
    scoped: true,
  },
  {
    name: '_entities Procurement',
    type: 'Procurement',
    operation: entities('Procurement'),
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
  {
    name: '_entities AreaOffice',
    type: 'AreaOffice',
    operation: entities('AreaOffice'),
    variables: (w) => ({ r: [{ __typename: 'AreaOffice', code: w.school.areaOfficeCode }] }),
    reaches: () => [],
    scoped: false,
  },
  {
    name: '_entities Province',
    type: 'Province',
    operation: entities('Province'),
    variables: (w) => ({ r: [{ __typename: 'Province', code: w.school.provinceCode }] }),
    reaches: () => [],
    scoped: false,
  },
];

const piecesFor = (entry: Entry) => {
  const fits = (t: SelectionTree) =>
    costOf(entry.operation(render(t, false)), entry.variables?.(worlds.A1) ?? {}) <= DEFAULT_LIMITS.maxCost;
  return piecesOf(selectionTree(entry.type, entry.depth ?? 6)!, fits);
};

describe('the generated authorisation matrix of the assets subgraph', () => {
  it('reaches every field of every type a read can return, through its root fields and entities', () => {
    const covered = new Set<string>();
    for (const entry of ENTRIES) for (const p of piecesFor(entry).pieces) fieldsOf(p, covered);
    const readable = typesReachableFrom([
      'Query',
      'School',
      'AreaOffice',
      'Province',
      'Building',
      'Asset',
      'Procurement',
    ]);
    const all = [...model.types]
      .filter(([type]) => readable.has(type))
      .flatMap(([type, rule]) => [...rule.fields.keys()].map((f) => `${type}.${f}`));
    expect(all.filter((f) => !covered.has(f))).toEqual([]);
    expect(all.length).toBeGreaterThan(250);
  });

  it('shows every viewer exactly the records of its reach on every field path, unmasked only with pii:read', async () => {
    let cells = 0;
    const failures: string[] = [];
    for (const entry of ENTRIES) {
      const { pieces } = piecesFor(entry);
      for (const v of viewers) {
        for (const key of ['A1', 'B'] as const) {
          const w = worlds[key];
          const allowed = !entry.scoped || v.sees.has(key);
          for (const viaFragments of [false, true]) {
            const where = `${v.name} → ${entry.name} of ${key}${viaFragments ? ' (fragments)' : ''}`;
            const leaks = new Set<string>();
            let records = 0;
            for (const piece of pieces) {
              const selection = render(piece, viaFragments);
              const res = await h.q(entry.operation(selection), entry.variables?.(w) ?? {}, v.token);
              cells += leafPathCount(selection);
              const here = `${where}: ${selection.slice(0, 80)}…`;
              if (res.status >= 500) failures.push(`${here} HTTP ${res.status}`);
              for (const x of rawLeaks(res, [...rawValues(worlds.A1), ...rawValues(worlds.B)])) leaks.add(x);
              records += objectsOfTypes(res.data, RECORD_TYPES).length;
              const errors = res.errors ?? [];
              if (allowed) {
                if (errors.length) failures.push(`${here} errors ${JSON.stringify(errors)}`);
                for (const pv of personalValues(res.data)) {
                  if (pv.value == null || typeof pv.value === 'object') continue;
                  const text = String(pv.value);
                  const company = pv.type === 'Vendor' && [w.company.name, w.company.taxId].includes(text);
                  if (v.pii && text.includes('•'))
                    failures.push(`${here} ${pv.type}.${pv.field} masked for a pii:read viewer`);
                  if (!v.pii && !company && !/^.•+$/u.test(text))
                    failures.push(`${here} ${pv.type}.${pv.field} = ${text} unmasked without pii:read`);
                }
                if (!v.pii)
                  for (const pv of personalValues(res.data))
                    if (pv.value != null && typeof pv.value === 'object')
                      failures.push(`${here} ${pv.type}.${pv.field} (people) released without pii:read`);
              } else {
                if (objectsOfTypes(res.data, RECORD_TYPES).length) failures.push(`${here} returned records`);
                if (totalCounts(res.data).some((n) => n !== 0)) failures.push(`${here} counted records`);
                if (entry.noRecords && res.data?.exportAssetRegister)
                  failures.push(`${here} returned the file`);
                const unexpected = errors.filter((e) => e.extensions?.code !== 'NOT_FOUND');
                if (unexpected.length) failures.push(`${here} errors ${JSON.stringify(unexpected)}`);
                const said = JSON.stringify(errors);
                if (said.includes(w.school.obecCode) || said.includes(w.school.id))
                  failures.push(`${here} an error names the school`);
              }
            }
            const expected = entry.reaches(w);
            if (allowed) {
              if (entry.scoped && !entry.noRecords && records === 0) failures.push(`${where}: no records`);
              const got = [...leaks].sort();
              const want = v.pii ? [...expected].sort() : [];
              if (JSON.stringify(got) !== JSON.stringify(want))
                failures.push(
                  `${where}: raw personal values ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`,
                );
            } else if (records || leaks.size) {
              failures.push(`${where}: ${records} records, leaked ${[...leaks].join(', ')}`);
            }
          }
        }
      }
    }
    expect(failures.slice(0, 30)).toEqual([]);
    console.log(
      `assets trust matrix: ${cells} cells (viewers × field paths × allow/deny, plain and via fragments)`,
    );
    expect(cells).toBeGreaterThan(10_000);
  }, 900_000);

  it('answers 1,000 out-of-scope ids per viewer through _entities and the id-taking root fields with no record and no personal value', async () => {
    const summary: Array<{ viewer: string; ids: number; records: number; leaks: number; errors: string[] }> =
      [];
    for (const v of viewers) {
      const obec = v.role.startsWith('obec');
      const assets = obec ? Array.from({ length: 1000 }, () => randomUUID()) : bulk.assets;
      const buildings = obec ? Array.from({ length: 1000 }, () => randomUUID()) : bulk.buildings;
      let records = 0;
      let leaks = 0;
      const errors = new Set<string>();
      const check = (res: GraphQLResponse) => {
        records += JSON.stringify(res.data ?? null).split('"id"').length - 1;
        leaks += rawLeaks(res, bulk.raw).length;
        for (const e of res.errors ?? []) errors.add(`${e.extensions?.code}: ${e.message}`);
      };
      const ENTITY = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Asset { id code custodian { id } school { id } } } }`;
      const entity = await h.q(ENTITY, { r: assets.map((id) => ({ __typename: 'Asset', id })) }, v.token);
      check(entity);
      if (entity.data?._entities?.length !== 1000 || entity.data._entities.some((e: unknown) => e !== null))
        errors.add('_entities did not answer null for every representation');
      const buildingEntities = await h.q(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Building { id name } } }`,
        { r: buildings.map((id) => ({ __typename: 'Building', id })) },
        v.token,
      );
      check(buildingEntities);
      for (let i = 0; i < 1000; i += 25) {
        const batch = (field: string, ids: string[], sel: string) =>
          `{ ${ids.map((id, j) => `r${j}: ${field}(id: "${id}") ${sel}`).join(' ')} }`;
        check(
          await h.q(
            batch('asset', assets.slice(i, i + 25), '{ id custodian { id } disposal { recipient } }'),
            {},
            v.token,
          ),
        );
        check(await h.q(batch('building', buildings.slice(i, i + 25), '{ id name }'), {}, v.token));
      }
      const schools = obec ? Array.from({ length: 10 }, () => randomUUID()) : bulk.schools.map((s) => s.id);
      check(
        await h.q(
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on School { assets(first: 100) { totalCount edges { node { id custodian { id } } } } } } }`,
          { r: schools.map((id) => ({ __typename: 'School', id })) },
          v.token,
        ),
      );
      summary.push({
        viewer: v.name,
        ids: assets.length + buildings.length,
        records,
        leaks,
        errors: [...errors],
      });
    }
    console.log(`out-of-scope ids per viewer: ${summary[0]!.ids}`);
    expect(summary.filter((s) => s.records || s.leaks || s.errors.length)).toEqual([]);
    expect(summary.every((s) => s.ids >= 1000)).toBe(true);
  }, 600_000);

  it('gives a partner selecting every field it can reach no raw personal value, only the aggregates', async () => {
    const raw = [...rawValues(worlds.A1), ...rawValues(worlds.B), ...bulk.raw];
    for (const v of viewers.filter((x) => x.role === 'partner')) {
      const leaked: string[] = [];
      for (const entry of ENTRIES)
        for (const w of Object.values(worlds))
          for (const piece of piecesFor(entry).pieces) {
            const res = await h.q(entry.operation(render(piece, true)), entry.variables?.(w) ?? {}, v.token);
            leaked.push(...rawLeaks(res, raw));
            expect(objectsOfTypes(res.data, RECORD_TYPES)).toEqual([]);
          }
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
