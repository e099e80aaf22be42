import {
  AUDIT_ROWS_OF_REQUEST,
  auditMixViewers,
  auditTreeReads,
  personalValues,
  seededRandom,
  testSeed,
  type AuditRow,
  type MatrixViewer,
  type TreeRead,
} from '@smss/testing';
import { addSchool, startFinance, type FinanceHarness } from './support';
import { piecesUnderCost, reader, schoolWorld, type SchoolWorld } from './trust-fixtures';

/**
 * Audit completeness: a random mix of 1,000 reads — random viewers, records, field subsets, some
 * through inline fragments with @include, some through aliases reading a record twice — and for each
 * one the audit rows written under its request id must be exactly the unmasked personal values it
 * returned (record type, record id, field, subject): none missing, none for masked values.
 */

let h: FinanceHarness;
let worlds: SchoolWorld[];
let viewers: MatrixViewer[];

beforeAll(async () => {
  h = await startFinance();
  worlds = [
    await schoolWorld(h, 'ตรวจA1', 3001, '9601'),
    await schoolWorld(h, 'ตรวจA2', 3101, '9601'),
    await schoolWorld(h, 'ตรวจB', 3201, '9602'),
  ];
  const [a1] = worlds.map((w) => w.school.obecCode);
  const stranger = await addSchool(h, { areaOfficeCode: '9603' });
  viewers = await auditMixViewers({
    areaA: '9601',
    areaB: '9602',
    schoolA1: a1!,
    elsewhere: stranger.obecCode,
  });
}, 300_000);
afterAll(() => h.stop());

type Read = TreeRead<SchoolWorld>;

const READS: Read[] = [
  {
    type: 'School',
    operation: (s) => `query($r: [_Any!]!) { e: _entities(representations: $r) { ... on School ${s} } }`,
    variables: (w) => ({ r: [{ __typename: 'School', id: w.school.id }] }),
  },
  {
    type: 'Project',
    operation: (s) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on Project ${s} } }`,
    variables: (w) => ({
      r: [
        { __typename: 'Project', id: w.projectId },
        { __typename: 'Project', id: w.projectId },
      ],
    }),
  },
  {
    type: 'PaymentVoucher',
    // Aliases reading the same record twice: one audit entry per value, not two.
    operation: (s) =>
      `query($id: ID!) { first: paymentVoucher(id: $id) ${s} again: paymentVoucher(id: $id) ${s} }`,
    variables: (w) => ({ id: w.personVoucherId }),
  },
  {
    type: 'PaymentVoucher',
    operation: (s) => `query($id: ID!) { paymentVoucher(id: $id) ${s} }`,
    variables: (w) => ({ id: w.companyVoucherId }),
  },
  {
    type: 'Project',
    operation: (s) => `query($id: ID!) { p: project(id: $id) ${s} }`,
    variables: (w) => ({ id: w.projectId }),
  },
  {
    type: 'BudgetReport',
    operation: (s) => `query($id: ID!) { budgetReport(schoolId: $id, fiscalYear: 2569) ${s} }`,
    variables: (w) => ({ id: w.school.id }),
  },
];

describe('the personal-data audit of the finance subgraph', () => {
  it('records every unmasked personal value of 1,000 random reads, and nothing for masked ones', async () => {
    const seed = testSeed();
    const { unmasked, masked, rows, mismatches } = await auditTreeReads({
      count: 1000,
      random: seededRandom(seed),
      reads: READS,
      worlds,
      viewers,
      pieces: (read) => piecesUnderCost(read.type, 4, read.operation, read.variables(worlds[0]!)),
      url: h.service.url,
      personalValues: (data) => personalValues(data, reader),
      rows: (requestId) => h.service.dataSource.query<AuditRow[]>(AUDIT_ROWS_OF_REQUEST, [requestId]),
    });
    console.log(
      `audit completeness (seed ${seed}): 1,000 reads, ${unmasked} unmasked values audited in ${rows} rows, ${masked} masked values unaudited`,
    );
    expect(mismatches).toEqual([]);
    expect(unmasked).toBeGreaterThan(100);
    expect(masked).toBeGreaterThan(50);
  }, 600_000);
});
