import { randomUUID } from 'node:crypto';
import {
  buildEnvelope,
  DmcSnapshotPublished,
  type DmcSnapshotPublishedPayload,
  type EventEnvelope,
} from '@smss/events';
import { sum, toMoneyString } from '@smss/money';
import { bootService, type RunningService } from '@smss/service-kit';
import {
  createTestDatabase,
  gql,
  testLogger,
  testNatsUrl,
  TEST_SUBGRAPH_SECURITY,
  tokenFor,
  type TestDatabase,
} from '@smss/testing';
import { allocateWhenDmcSnapshotPublished } from '../src/events/allocate-when-dmc-snapshot-published.handler';
import { computeAllocation } from '../src/modules/subsidy/allocation.calculator';
import { DEFAULT_RATES } from '../src/modules/subsidy/default-rates';
import { createFinanceService } from '../src/server';
import { grade } from './support';

/** Area-office and province totals against the allocations they sum, computed independently here. */

type SnapshotEvent = EventEnvelope<DmcSnapshotPublishedPayload>;
const { handleBatch } = allocateWhenDmcSnapshotPublished as unknown as {
  handleBatch: (e: SnapshotEvent[], m: unknown) => Promise<void>;
};

let db: TestDatabase;
let service: RunningService;
beforeAll(async () => {
  db = await createTestDatabase('finance_summary');
  service = await bootService(
    { ...createFinanceService({ durablePrefix: `summary-${process.pid}` }), consumers: [] },
    {
      port: 0,
      databaseUrl: db.url,
      natsUrl: testNatsUrl(),
      logLevel: 'silent',
      ...TEST_SUBGRAPH_SECURITY,
      createDatabase: false,
      runRelay: false,
    },
    testLogger(),
  );
});
afterAll(async () => {
  await service.close();
  await db.drop();
});

const ROUNDS = {
  TERM2: { roundId: randomUUID(), round: 'TERM2' as const, asOfDate: '2025-11-10', academicYear: 2568 },
  TERM1: { roundId: randomUUID(), round: 'TERM1' as const, asOfDate: '2026-06-10', academicYear: 2569 },
};

function snapshot(
  school: { id: string; area: string; seq: number },
  round: (typeof ROUNDS)[keyof typeof ROUNDS],
  students: number,
): DmcSnapshotPublishedPayload {
  const grades = [
    grade('K2', students, 3, 2),
    grade('P4', students + 5, students, 1),
    grade('M2', 4, students, 0),
  ];
  return {
    snapshotId: randomUUID(),
    ...round,
    schoolId: school.id,
    schoolCode: `10${school.area}${String(school.seq).padStart(4, '0')}`,
    areaOfficeCode: school.area,
    provinceCode: school.area.slice(0, 2),
    snapshotVersion: 1,
    grades,
    totalStudents: grades.reduce((n, g) => n + g.male + g.female, 0),
  };
}

const SUMMARY = `query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on AreaOffice { code allocationSummary(fiscalYear: 2569) { schoolCount total byItem { item amount } byRound { round amount } } }
  ... on Province { code allocationSummary(fiscalYear: 2569) { schoolCount total byItem { item amount } byRound { round amount } } } } }`;

describe('allocation summaries per area office and province', () => {
  it('add up every allocation of the fiscal year by item and by round, and count each school once', async () => {
    const schools = [
      { id: randomUUID(), area: '9401', seq: 1 },
      { id: randomUUID(), area: '9401', seq: 2 },
      { id: randomUUID(), area: '9402', seq: 3 },
      { id: randomUUID(), area: '9501', seq: 4 },
    ];
    // Fiscal year 2569 holds term 2 of 2568 and term 1 of 2569; one school has only term 2.
    const payloads = schools.flatMap((s, i) => [
      snapshot(s, ROUNDS.TERM2, 10 + i * 7),
      ...(i === 1 ? [] : [snapshot(s, ROUNDS.TERM1, 12 + i * 5)]),
    ]);
    await service.dataSource.transaction((m) =>
      handleBatch(
        payloads.map((p) => buildEnvelope(DmcSnapshotPublished, p.schoolId, p)),
        m,
      ),
    );

    const expected = (inScope: DmcSnapshotPublishedPayload[]) => {
      const computed = inScope.map((p) => ({ round: p.round, ...computeAllocation(p, DEFAULT_RATES) }));
      const items = computed.flatMap((c) => c.items);
      return {
        schoolCount: new Set(inScope.map((p) => p.schoolId)).size,
        total: toMoneyString(sum(computed.map((c) => c.total))),
        byItem: [
          'TUITION',
          'TEXTBOOKS',
          'LEARNING_MATERIALS',
          'UNIFORMS',
          'STUDENT_ACTIVITIES',
          'EEF_CONDITIONAL_CASH_TRANSFER',
        ]
          .filter((item) => items.some((i) => i.item === item))
          .map((item) => ({
            item,
            amount: toMoneyString(sum(items.filter((i) => i.item === item).map((i) => i.amount))),
          })),
        byRound: ['TERM1', 'TERM2'].map((round) => ({
          round,
          amount: toMoneyString(
            sum(computed.filter((c) => c.round === round).flatMap((c) => c.items.map((i) => i.amount))),
          ),
        })),
      };
    };
    const res = await gql(
      service.url,
      SUMMARY,
      {
        reps: [
          { __typename: 'AreaOffice', code: '9401' },
          { __typename: 'AreaOffice', code: '9402' },
          { __typename: 'Province', code: '94' },
          { __typename: 'Province', code: '95' },
          { __typename: 'Province', code: '96' },
        ],
      },
      { token: await tokenFor('obec-analyst', 'OBEC') },
    );
    expect(res.errors).toBeUndefined();
    const [area1, area2, province94, province95, province96] = res.data._entities.map(
      (e: any) => e.allocationSummary,
    );
    expect(area1).toEqual(expected(payloads.filter((p) => p.areaOfficeCode === '9401')));
    expect(area1.schoolCount).toBe(2);
    expect(area2).toEqual(expected(payloads.filter((p) => p.areaOfficeCode === '9402')));
    expect(province94).toEqual(expected(payloads.filter((p) => p.provinceCode === '94')));
    expect(province94.schoolCount).toBe(3);
    expect(province95).toEqual(expected(payloads.filter((p) => p.provinceCode === '95')));
    expect(province96).toEqual({ schoolCount: 0, total: '0.00', byItem: [], byRound: [] });
  });
});
