import { randomUUID } from 'node:crypto';
import {
  aliasedById,
  directoryEntries,
  entitiesQuery,
  inParallel,
  outOfScopeSweep,
  partnerSweep,
  readableFields,
  runSchoolMatrix,
  schoolMatrixViewers,
  tokenFor,
  treeFields,
  type MatrixEntry,
  type MatrixViewer,
} from '@smss/testing';
import { syntheticNationalId } from '@smss/thai';
import { addSchool, M, ok, startFinance, type FinanceHarness, type TestSchool } from './support';
import {
  model,
  piecesUnderCost,
  rawValues,
  reader,
  schema,
  schoolWorld,
  type SchoolWorld,
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
let viewers: MatrixViewer[];
/** Out-of-scope records for every school and area viewer: 1,000 projects and 1,000 vouchers in area 9503. */
const bulk = {
  projects: [] as string[],
  vouchers: [] as string[],
  schools: [] as TestSchool[],
  raw: [] as string[],
};

beforeAll(async () => {
  h = await startFinance({ privateNats: true }); // it publishes DMC snapshots: keep them off the shared NATS
  worlds.A1 = await schoolWorld(h, 'A1', 1001, '9501');
  worlds.B = await schoolWorld(h, 'B', 2001, '9502');
  otherSchoolOfA = await addSchool(h, { areaOfficeCode: '9501' });
  const A1 = worlds.A1.school.obecCode;
  viewers = await schoolMatrixViewers({
    areaA: '9501',
    areaB: '9502',
    schoolA1: A1,
    otherSchoolOfA: otherSchoolOfA.obecCode,
  });
  // The out-of-scope bulk: 10 schools of area 9503, 100 projects and 100 person-payee vouchers each.
  for (let s = 0; s < 10; s += 1) bulk.schools.push(await addSchool(h, { areaOfficeCode: '9503' }));
  await inParallel(bulk.schools, 4, async (school) => {
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

type Entry = MatrixEntry<SchoolWorld>;

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
    name: '_entities Project',
    type: 'Project',
    operation: entitiesQuery('Project'),
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
  ...directoryEntries<SchoolWorld>(),
];

const DEPTH = 5;
/** An entry's field paths down to DEPTH, in pieces the platform's cost limit accepts. */
const piecesFor = (entry: Entry) =>
  piecesUnderCost(entry.type, DEPTH, entry.operation, entry.variables?.(worlds.A1));
const matrix = () => ({
  entries: ENTRIES,
  viewers,
  worlds,
  pieces: piecesFor,
  query: h.q,
  rawValues,
  reader,
  companyType: 'Payee',
});

describe('the generated authorisation matrix of the finance subgraph', () => {
  it('reaches every field of every type a read can return, through its root fields and entities', () => {
    const covered = new Set<string>();
    for (const entry of ENTRIES) for (const p of piecesFor(entry)) treeFields(p, covered);
    // Types only mutations return (MoneyReturn, ReportFile) are not reads: the writer gets its own record.
    const all = readableFields(schema, model, ['Query', 'School', 'AreaOffice', 'Province', 'Project']);
    expect(all.filter((f) => !covered.has(f))).toEqual([]);
    expect(all.length).toBeGreaterThan(200);
  });

  it('shows every viewer exactly the records of its reach on every field path, unmasked only with pii:read', async () => {
    const { cells, failures } = await runSchoolMatrix(matrix());
    expect(failures).toEqual([]);
    console.log(
      `finance trust matrix: ${cells} cells (viewers × field paths × allow/deny, plain and via fragments)`,
    );
    expect(cells).toBeGreaterThan(10_000);
  }, 600_000);

  it('answers 1,000 out-of-scope ids per viewer through _entities and the id-taking root fields with no record and no personal value', async () => {
    // OBEC sees every school: its out-of-scope ids are unknown ones, which must look the same.
    const summary = await outOfScopeSweep(
      viewers,
      bulk.raw,
      async (v, { check, checkNullEntities, errors }, pick) => {
        const projects = pick(bulk.projects, randomUUID);
        const vouchers = pick(bulk.vouchers, randomUUID);
        const schools = pick(
          bulk.schools.map((s) => s.id),
          randomUUID,
        );
        const ENTITY = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Project { id nameTh owner activities { owner } evaluation { result } } } }`;
        checkNullEntities(
          await h.q(ENTITY, { r: projects.map((id) => ({ __typename: 'Project', id })) }, v.token),
          1000,
        );
        for (let i = 0; i < 1000; i += 25) {
          const voucherSelection = '{ id payee { name taxId } project { owner } }';
          check(
            await h.q(
              aliasedById('paymentVoucher', vouchers.slice(i, i + 25), voucherSelection),
              {},
              v.token,
            ),
          );
          const projectSelection = '{ id owner activities { owner } }';
          check(await h.q(aliasedById('project', projects.slice(i, i + 25), projectSelection), {}, v.token));
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
        return projects.length * 2 + vouchers.length + schools.length;
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
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on AreaOffice { allocationSummary(fiscalYear: 2569) { schoolCount total } } } }`,
          { r: [{ __typename: 'AreaOffice', code: '9501' }] },
          v.token,
        ),
      );
      expect(totals._entities[0].allocationSummary.schoolCount).toBe(1);
    }
  }, 600_000);
});
