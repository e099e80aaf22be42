import { randomUUID } from 'node:crypto';
import { DEFAULT_LIMITS } from '@smss/service-kit';
import { leafPathCount, objectsOfTypes, rawLeaks, tokenFor, type GraphQLResponse } from '@smss/testing';
import { syntheticNationalId } from '@smss/thai';
import { addSchool, M, ok, startFinance, type FinanceHarness, type TestSchool } from './support';
import {
  costOf,
  fieldsOf,
  typesReachableFrom,
  model,
  personalValues,
  piecesOf,
  rawValues,
  RECORD_TYPES,
  render,
  schoolWorld,
  selectionTree,
  totalCounts,
  viewer,
  type SchoolWorld,
  type SelectionTree,
  type Viewer,
} from './trust-fixtures';

/**
 * The generated authorisation matrix of the finance subgraph: every viewer × every root field and
 * `_entities` type × every field path reachable from it (plain, and with every level inside an inline
 * fragment with @include) × a school the viewer may see and one it may not. Allowed: the records,
 * personal values unmasked exactly when the viewer holds pii:read. Denied: no record, no raw personal
 * value, no count, no school id or code in an error.
 */

let h: FinanceHarness;
const worlds: Record<'A1' | 'B', SchoolWorld> = {} as never;
let otherSchoolOfA: TestSchool;
let viewers: Viewer[];
/** Out-of-scope records for every school and area viewer: 1,000 projects and 1,000 vouchers in area 9503. */
const bulk = {
  projects: [] as string[],
  vouchers: [] as string[],
  schools: [] as TestSchool[],
  raw: [] as string[],
};

async function pool<T>(items: T[], n: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

beforeAll(async () => {
  h = await startFinance({ privateNats: true }); // it publishes DMC snapshots: keep them off the shared NATS
  worlds.A1 = await schoolWorld(h, 'A1', 1001, '9501');
  worlds.B = await schoolWorld(h, 'B', 2001, '9502');
  otherSchoolOfA = await addSchool(h, { areaOfficeCode: '9501' });
  const A1 = worlds.A1.school.obecCode;
  viewers = await Promise.all([
    viewer('OBEC admin', 'obec-admin', 'OBEC', ['A1', 'B'], true),
    viewer('OBEC analyst (no pii:read)', 'obec-analyst', 'OBEC', ['A1', 'B'], false),
    viewer('area officer of A', 'area-officer', '9501', ['A1'], true),
    viewer('area officer of another area (B)', 'area-officer', '9502', ['B'], true),
    viewer('area director of A', 'area-director', '9501', ['A1'], true),
    viewer('school director of A1', 'school-director', A1, ['A1'], true),
    viewer('school staff of A1', 'school-staff', A1, ['A1'], true),
    viewer('school staff of another school of A', 'school-staff', otherSchoolOfA.obecCode, [], true),
    viewer('partner', 'partner', 'EEF', [], false),
    viewer('partner holding pii:read', 'partner', 'EEF', [], false, ['pii:read', 'aggregates:read']),
    viewer('school staff of A1 without pii:read', 'school-staff', A1, ['A1'], false, []),
  ]);
  // The out-of-scope bulk: 10 schools of area 9503, 100 projects and 100 person-payee vouchers each.
  for (let s = 0; s < 10; s += 1) bulk.schools.push(await addSchool(h, { areaOfficeCode: '9503' }));
  await pool(bulk.schools, 4, async (school) => {
    const staff = await tokenFor('school-staff', school.obecCode);
    const strategyId = ok(
      await h.q(
        M.strategy,
        { i: { schoolId: school.id, fiscalYear: 2569, code: 'S1', nameTh: 'กลยุทธ์' } },
        staff,
      ),
    ).createStrategy.id;
    for (let i = 0; i < 100; i += 1) {
      const n = bulk.raw.length;
      const owner = `ครูลับ${n}ก`;
      const payee = `นายผู้รับเงินลับ${n}ก`;
      const taxId = syntheticNationalId(900_000 + n);
      bulk.raw.push(owner, payee, taxId);
      const p = ok(
        await h.q(
          M.project,
          {
            i: {
              strategyId,
              nameTh: `โครงการ ${n}`,
              owner,
              startDate: '2025-10-01',
              endDate: '2026-09-30',
              moneySourceCode: 'SCHOOL_REVENUE',
              requestedBudget: '100.00',
            },
          },
          staff,
        ),
      ).createProject;
      bulk.projects.push(p.id);
      const v = ok(
        await h.q(
          M.voucher,
          {
            i: {
              schoolId: school.id,
              date: '2025-11-20',
              moneySourceCode: 'SCHOOL_REVENUE',
              payee: { kind: 'PERSON', name: payee, taxId },
              description: 'ค่าตอบแทน',
              lines: [{ description: 'ค่าตอบแทน', amount: '10.00' }],
            },
          },
          staff,
        ),
      ).createPaymentVoucher;
      bulk.vouchers.push(v.id);
    }
  });
}, 600_000);
afterAll(() => h.stop());

interface Entry {
  name: string;
  /** The type its selection starts from. */
  type: string;
  /** The operation around a selection. */
  operation: (selection: string) => string;
  variables?: (w: SchoolWorld) => Record<string, unknown>;
  /** The raw personal values of the school every field path of this entry reaches together. */
  reaches: (w: SchoolWorld) => string[];
  /** A school's records (scoped) rather than reference data or aggregates (open to every viewer). */
  scoped: boolean;
}

const entities = (type: string) => (selection: string) =>
  `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} ${selection} } }`;

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
    name: '_entities Project',
    type: 'Project',
    operation: entities('Project'),
    variables: (w) => ({ r: [{ __typename: 'Project', id: w.projectId }] }),
    reaches: (w) => [w.raw.projectOwner, w.raw.activityOwner],
    scoped: true,
  },
  {
    name: 'Query.project',
    type: 'Project',
    operation: (s) => `query($id: ID!) { project(id: $id) ${s} }`,
    variables: (w) => ({ id: w.projectId }),
    reaches: (w) => [w.raw.projectOwner, w.raw.activityOwner],
    scoped: true,
  },
  {
    name: 'Query.paymentVoucher (person payee)',
    type: 'PaymentVoucher',
    operation: (s) => `query($id: ID!) { paymentVoucher(id: $id) ${s} }`,
    variables: (w) => ({ id: w.personVoucherId }),
    reaches: (w) => [w.raw.payeeName, w.raw.payeeTaxId, w.raw.projectOwner, w.raw.activityOwner],
    scoped: true,
  },
  {
    name: 'Query.paymentVoucher (company payee)',
    type: 'PaymentVoucher',
    operation: (s) => `query($id: ID!) { paymentVoucher(id: $id) ${s} }`,
    variables: (w) => ({ id: w.companyVoucherId }),
    reaches: (w) => [w.raw.projectOwner, w.raw.activityOwner],
    scoped: true,
  },
  {
    name: 'Query.budgetReport',
    type: 'BudgetReport',
    operation: (s) => `query($id: ID!) { budgetReport(schoolId: $id, fiscalYear: 2569) ${s} }`,
    variables: (w) => ({ id: w.school.id }),
    reaches: (w) => [w.raw.projectOwner, w.raw.activityOwner],
    scoped: true,
  },
  {
    name: 'Query.allocationBreakdown',
    type: 'AllocationBreakdownConnection',
    operation: (s) =>
      `query($id: ID!) { allocationBreakdown(filter: { fiscalYear: 2569, schoolId: $id }, first: 5) ${s} }`,
    variables: (w) => ({ id: w.school.id }),
    reaches: () => [],
    scoped: true,
  },
  {
    name: 'Query.fiscalYear',
    type: 'FiscalYear',
    operation: (s) => `{ fiscalYear(year: 2569) ${s} }`,
    reaches: () => [],
    scoped: false,
  },
  {
    name: 'Query.fiscalYearOf',
    type: 'FiscalYear',
    operation: (s) => `{ fiscalYearOf(date: "2026-01-15") ${s} }`,
    reaches: () => [],
    scoped: false,
  },
  {
    name: 'Query.moneySources',
    type: 'MoneySource',
    operation: (s) => `{ moneySources ${s} }`,
    reaches: () => [],
    scoped: false,
  },
  {
    name: 'Query.subsidyRates',
    type: 'SubsidyRate',
    operation: (s) => `{ subsidyRates(fiscalYear: 2569) ${s} }`,
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

const DEPTH = 5;
const piecesFor = (entry: Entry) => {
  const fits = (t: SelectionTree) =>
    costOf(entry.operation(render(t, false)), entry.variables?.(worlds.A1) ?? {}) <= DEFAULT_LIMITS.maxCost;
  return piecesOf(selectionTree(entry.type, DEPTH)!, fits);
};

describe('the generated authorisation matrix of the finance subgraph', () => {
  it('reaches every field of every type a read can return, through its root fields and entities', () => {
    const covered = new Set<string>();
    for (const entry of ENTRIES) for (const p of piecesFor(entry).pieces) fieldsOf(p, covered);
    // Types only mutations return (MoneyReturn, ReportFile) are not reads: the writer gets its own record.
    const readable = typesReachableFrom(['Query', 'School', 'AreaOffice', 'Province', 'Project']);
    const all = [...model.types]
      .filter(([type]) => readable.has(type))
      .flatMap(([type, rule]) => [...rule.fields.keys()].map((f) => `${type}.${f}`));
    expect(all.filter((f) => !covered.has(f))).toEqual([]);
    expect(all.length).toBeGreaterThan(200);
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
                  if (pv.value == null) continue;
                  const text = String(pv.value);
                  const company = pv.type === 'Payee' && [w.company.name, w.company.taxId].includes(text);
                  if (v.pii && text.includes('•'))
                    failures.push(`${here} ${pv.type}.${pv.field} masked for a pii:read viewer`);
                  if (!v.pii && !company && !/^.•+$/u.test(text))
                    failures.push(`${here} ${pv.type}.${pv.field} = ${text} unmasked without pii:read`);
                }
              } else {
                if (objectsOfTypes(res.data, RECORD_TYPES).length) failures.push(`${here} returned records`);
                if (totalCounts(res.data).some((n) => n !== 0)) failures.push(`${here} counted records`);
                const unexpected = errors.filter((e) => e.extensions?.code !== 'NOT_FOUND');
                if (unexpected.length) failures.push(`${here} errors ${JSON.stringify(unexpected)}`);
                const said = JSON.stringify(errors);
                if (said.includes(w.school.obecCode) || said.includes(w.school.id))
                  failures.push(`${here} an error names the school`);
              }
            }
            const expected = entry.reaches(w);
            if (allowed) {
              if (entry.scoped && records === 0) failures.push(`${where}: no records`);
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
    expect(failures).toEqual([]);
    console.log(
      `finance trust matrix: ${cells} cells (viewers × field paths × allow/deny, plain and via fragments)`,
    );
    expect(cells).toBeGreaterThan(10_000);
  }, 600_000);

  it('answers 1,000 out-of-scope ids per viewer through _entities and the id-taking root fields with no record and no personal value', async () => {
    const summary: Array<{ viewer: string; ids: number; records: number; leaks: number; errors: string[] }> =
      [];
    for (const v of viewers) {
      // OBEC sees every school: its out-of-scope ids are unknown ones, which must look the same.
      const obec = v.role.startsWith('obec');
      const projects = obec ? Array.from({ length: 1000 }, () => randomUUID()) : bulk.projects;
      const vouchers = obec ? Array.from({ length: 1000 }, () => randomUUID()) : bulk.vouchers;
      const schools = obec ? Array.from({ length: 10 }, () => randomUUID()) : bulk.schools.map((s) => s.id);
      let records = 0;
      let leaks = 0;
      const errors = new Set<string>();
      const check = (res: GraphQLResponse, allowNotFound = false) => {
        // Every selection asks for `id`: any record that came back carries one.
        records += JSON.stringify(res.data ?? null).split('"id"').length - 1;
        leaks += rawLeaks(res, bulk.raw).length;
        for (const e of res.errors ?? [])
          if (!allowNotFound || e.extensions?.code !== 'NOT_FOUND')
            errors.add(`${e.extensions?.code}: ${e.message}`);
      };
      const ENTITY = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Project { id nameTh owner activities { owner } evaluation { result } } } }`;
      const entity = await h.q(ENTITY, { r: projects.map((id) => ({ __typename: 'Project', id })) }, v.token);
      check(entity);
      if (entity.data?._entities?.length !== 1000 || entity.data._entities.some((e: unknown) => e !== null))
        errors.add('_entities did not answer null for every representation');
      for (let i = 0; i < 1000; i += 25) {
        const batch = (field: string, ids: string[], sel: string) =>
          `{ ${ids.map((id, j) => `r${j}: ${field}(id: "${id}") ${sel}`).join(' ')} }`;
        check(
          await h.q(
            batch(
              'paymentVoucher',
              vouchers.slice(i, i + 25),
              '{ id payee { name taxId } project { owner } }',
            ),
            {},
            v.token,
          ),
        );
        check(
          await h.q(
            batch('project', projects.slice(i, i + 25), '{ id owner activities { owner } }'),
            {},
            v.token,
          ),
        );
      }
      const reports = await h.q(
        `{ ${schools.map((id, j) => `r${j}: budgetReport(schoolId: "${id}", fiscalYear: 2569) { projects { project { id owner } } }`).join(' ')} }`,
        {},
        v.token,
      );
      check(reports, true);
      const unknown = await h.q(
        `{ budgetReport(schoolId: "${randomUUID()}", fiscalYear: 2569) { schoolId } }`,
        {},
        v.token,
      );
      // Out of scope and unknown: the same code and message.
      for (const e of reports.errors ?? [])
        if (e.message !== unknown.errors?.[0]?.message)
          errors.add(`budgetReport out of scope said: ${e.message}`);
      summary.push({
        viewer: v.name,
        ids: projects.length * 2 + vouchers.length + schools.length,
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
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on AreaOffice { allocationSummary(fiscalYear: 2569) { schoolCount total } } } }`,
          { r: [{ __typename: 'AreaOffice', code: '9501' }] },
          v.token,
        ),
      );
      expect(totals._entities[0].allocationSummary.schoolCount).toBe(1);
    }
  }, 600_000);
});
