import {
  AUDIT_ROWS_OF_REQUEST,
  auditMixViewers,
  auditTreeReads,
  personalValues,
  seededRandom,
  testSeed,
  tokenFor,
  type AuditRow,
  type MatrixViewer,
  type TreeRead,
} from '@smss/testing';
import { M, ok, startAssets, type AssetsHarness } from './support';
import { piecesUnderCost, reader, recordIdOf, schoolWorld, TODAY, type SchoolWorld } from './trust-fixtures';

/**
 * Audit completeness: a random mix of 1,000 reads — random viewers, records, field subsets, some through
 * inline fragments with @include, some through aliases reading a record twice — and for each one the audit
 * rows written under its request id must be exactly the unmasked personal values it returned (record type,
 * record id, field, subject): none missing, none for masked or withheld values.
 */
let h: AssetsHarness;
let worlds: SchoolWorld[];
let viewers: MatrixViewer[];

beforeAll(async () => {
  h = await startAssets({ today: () => TODAY });
  ok(await h.q(M.schedule, { i: { fiscalYear: 2570 } }, await tokenFor('obec-admin', 'OBEC')));
  worlds = [
    await schoolWorld(h, 'ตรวจA1', 3001, '9671'),
    await schoolWorld(h, 'ตรวจA2', 3101, '9671'),
    await schoolWorld(h, 'ตรวจB', 3201, '9672'),
  ];
  const a1 = worlds[0]!.school.obecCode;
  const stranger = await h.addSchool('9673');
  viewers = await auditMixViewers({
    areaA: '9671',
    areaB: '9672',
    schoolA1: a1,
    elsewhere: stranger.obecCode,
  });
}, 300_000);
afterAll(() => h?.stop());

type Read = TreeRead<SchoolWorld>;

const READS: Read[] = [
  {
    type: 'School',
    operation: (s) => `query($r: [_Any!]!) { e: _entities(representations: $r) { ... on School ${s} } }`,
    variables: (w) => ({ r: [{ __typename: 'School', id: w.school.id }] }),
  },
  {
    type: 'Asset',
    operation: (s) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on Asset ${s} } }`,
    variables: (w) => ({
      r: [
        { __typename: 'Asset', id: w.assetId },
        { __typename: 'Asset', id: w.assetId },
      ],
    }),
  },
  {
    type: 'Procurement',
    // Aliases reading the same record twice: one audit entry per value, not two.
    operation: (s) => `query($id: ID!) { first: procurement(id: $id) ${s} again: procurement(id: $id) ${s} }`,
    variables: (w) => ({ id: w.procurementId }),
  },
  {
    type: 'Procurement',
    operation: (s) => `query($id: ID!) { procurement(id: $id) ${s} }`,
    variables: (w) => ({ id: w.companyProcurementId }),
  },
  {
    type: 'StockTake',
    operation: (s) => `query($id: ID!) { t: stockTake(id: $id) ${s} }`,
    variables: (w) => ({ id: w.stockTakeId }),
  },
  {
    type: 'AssetConnection',
    operation: (s) => `query($s: ID!) { assets(first: 10, filter: { schoolId: $s }) ${s} }`,
    variables: (w) => ({ s: w.school.id }),
  },
];

describe('the personal-data audit of the assets subgraph', () => {
  it('records every unmasked personal value of 1,000 random reads, and nothing for masked or withheld ones', async () => {
    const seed = testSeed();
    const { unmasked, masked, rows, mismatches } = await auditTreeReads({
      count: 1000,
      random: seededRandom(seed),
      reads: READS,
      worlds,
      viewers,
      pieces: (read) => piecesUnderCost(read.type, 4, read.operation, read.variables(worlds[0]!)),
      url: h.service.url,
      personalValues: (data) => personalValues(data, reader, recordIdOf),
      rows: (requestId) => h.sql<AuditRow>(AUDIT_ROWS_OF_REQUEST, [requestId]),
    });
    console.log(
      `audit completeness (seed ${seed}): 1,000 reads, ${unmasked} unmasked values audited in ${rows} rows, ${masked} masked values unaudited`,
    );
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(unmasked).toBeGreaterThan(100);
    expect(masked).toBeGreaterThan(20);
  }, 600_000);
});
