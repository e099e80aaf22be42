import { randomBytes, randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { bootService, type RunningService } from '@smss/service-kit';
import {
  applySchoolToReplica,
  buildEnvelope,
  DmcSnapshotPublished,
  SCHOOLS_STREAM,
  STUDENTS_STREAM,
  type DmcSnapshotPublishedPayload,
  type EventEnvelope,
  type GradeCounts,
} from '@smss/events';
import {
  eventually,
  gql,
  startPrivateNats,
  startTestSubgraph,
  testReplicaSchool,
  tokenFor,
  type GraphQLResponse,
  type TestDatabase,
  type TestReplicaSchool,
} from '@smss/testing';
import { createFinanceService } from '../src/server';

/** A school as the tests put it into the directory replica. */
export type TestSchool = TestReplicaSchool;

export interface FinanceHarness {
  service: RunningService;
  db: TestDatabase;
  prefix: string;
  /** POST to the finance subgraph as the gateway would. */
  q: (query: string, variables?: Record<string, unknown>, token?: string | null) => Promise<GraphQLResponse>;
  stop: () => Promise<void>;
}

/** A real finance subgraph on a fresh database, its durable consumers named uniquely for this suite. */
export async function startFinance(
  options: {
    runRelay?: boolean;
    concurrency?: number;
    /**
     * Run against a PRIVATE `nats-server -js` instead of the shared one: for suites that publish on
     * the real subjects (a contract-breaking event above all), so nothing they publish stays in the
     * shared streams that `npm start` and other suites read from the start.
     */
    privateNats?: boolean;
  } = {},
): Promise<FinanceHarness> {
  const nats = options.privateNats ? await startPrivateNats() : undefined;
  const prefix = `test-finance-${randomBytes(4).toString('hex')}`;
  const definition = createFinanceService({
    durablePrefix: prefix,
    deliverPolicy: 'new',
    dmcConsumerConcurrency: options.concurrency ?? 2,
  });
  const {
    service,
    db,
    stop: stopSubgraph,
  } = await startTestSubgraph(
    'finance',
    (config, logger) =>
      bootService(
        definition,
        { ...config, ...(nats ? { natsUrl: nats.url } : {}), runRelay: options.runRelay ?? false },
        logger,
      ),
    {
      // Stop pulling and delete this suite's durables while NATS is still connected.
      beforeStop: async (running) => {
        for (const consumer of running.consumers) await consumer.stop();
        const jsm = await jetstreamManager(running.nc);
        await jsm.consumers.delete(STUDENTS_STREAM, `${prefix}-dmc-allocations`).catch(() => undefined);
        await jsm.consumers.delete(SCHOOLS_STREAM, `${prefix}-directory-replica`).catch(() => undefined);
      },
    },
  ).catch(async (error: unknown) => {
    await nats?.stop();
    throw error;
  });
  const stop = async () => {
    try {
      await stopSubgraph();
    } finally {
      await nats?.stop();
    }
  };
  const q = (query: string, variables: Record<string, unknown> = {}, token: string | null = null) =>
    gql(service.url, query, variables, { token: token ?? undefined });
  return { service, db, prefix, q, stop };
}

let schoolSeq = 0;
/** A school in the finance directory replica (as `schools.school.upserted` would put it there). */
export async function addSchool(
  h: FinanceHarness,
  placement: { areaOfficeCode?: string; provinceCode?: string } = {},
): Promise<TestSchool> {
  schoolSeq += 1;
  // Province 94 (not the Lopburi sandbox other suites use): snapshot events other suites publish on
  // the shared NATS never land in these tests' area or province totals.
  const areaOfficeCode = placement.areaOfficeCode ?? '9401';
  const provinceCode = placement.provinceCode ?? areaOfficeCode.slice(0, 2);
  const school = testReplicaSchool(areaOfficeCode, {
    obecCode: `10${areaOfficeCode}${String(schoolSeq).padStart(4, '0')}`,
    provinceCode,
    nameTh: `โรงเรียนทดสอบการเงิน ${schoolSeq}`,
  });
  await h.service.dataSource.transaction((m) => applySchoolToReplica(m, school, new Date().toISOString()));
  return school;
}

export const grade = (
  gradeLevel: GradeCounts['gradeLevel'],
  male: number,
  female: number,
  extremelyPoor = 0,
): GradeCounts => ({
  gradeLevel,
  male,
  female,
  poor: extremelyPoor,
  extremelyPoor,
  disabled: 0,
  orphan: 0,
  stateless: 0,
  ethnicMinority: 0,
  classrooms: 1,
});

/** The snapshot worked out by hand in allocation.calculator.spec.ts: term 1 = 222,606.00 baht. */
export const KNOWN_GRADES: GradeCounts[] = [
  grade('K2', 6, 4, 2),
  grade('P1', 12, 8, 5),
  grade('P4', 10, 5),
  grade('M1', 9, 6, 3),
  grade('M4', 7, 5, 4),
];

export function snapshotFor(
  school: TestSchool,
  overrides: Partial<DmcSnapshotPublishedPayload> = {},
): DmcSnapshotPublishedPayload {
  const grades = overrides.grades ?? KNOWN_GRADES;
  return {
    snapshotId: randomUUID(),
    roundId: randomUUID(),
    academicYear: 2568,
    round: 'TERM2',
    asOfDate: '2025-11-10',
    schoolId: school.id,
    schoolCode: school.obecCode,
    areaOfficeCode: school.areaOfficeCode,
    provinceCode: school.provinceCode,
    snapshotVersion: 1,
    totalStudents: grades.reduce((n, g) => n + g.male + g.female, 0),
    ...overrides,
    grades,
  };
}

/** Publish a REAL snapshot event on JetStream (as the students service's relay would). */
export async function publishSnapshot(
  h: FinanceHarness,
  payload: DmcSnapshotPublishedPayload,
  envelope: EventEnvelope<DmcSnapshotPublishedPayload> = buildEnvelope(
    DmcSnapshotPublished,
    payload.schoolId,
    payload,
  ),
  msgID: string = envelope.id,
): Promise<EventEnvelope<DmcSnapshotPublishedPayload>> {
  await jetstream(h.service.nc).publish(DmcSnapshotPublished.subject, JSON.stringify(envelope), { msgID });
  return envelope;
}

export const inboxCount = async (h: FinanceHarness, eventId: string): Promise<number> =>
  Number(
    (await h.service.dataSource.query(`SELECT count(*) FROM inbox_event WHERE event_id = $1`, [eventId]))[0]
      .count,
  );

export const waitForInbox = (h: FinanceHarness, eventId: string) =>
  eventually(async () => (await inboxCount(h, eventId)) === 1, 15_000);

/** Tokens for the roles of one school (staff, director), its area office and OBEC. */
export async function tokensFor(school: TestSchool) {
  return {
    staff: await tokenFor('school-staff', school.obecCode),
    director: await tokenFor('school-director', school.obecCode),
    area: await tokenFor('area-officer', school.areaOfficeCode),
    otherArea: await tokenFor('area-officer', '1099'),
    otherSchool: await tokenFor('school-staff', '1099999999'),
    obec: await tokenFor('obec-admin', 'OBEC'),
    analyst: await tokenFor('obec-analyst', 'OBEC'),
    partner: await tokenFor('partner', 'EEF'),
  };
}

/** Data of a successful GraphQL response (fails the test with the errors otherwise). */
export function ok<T = any>(res: GraphQLResponse): T {
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

export const codeOf = (res: GraphQLResponse): string | undefined => res.errors?.[0]?.extensions?.code;

export const M = {
  strategy: `mutation($i: CreateStrategyInput!) { createStrategy(input: $i) { id code } }`,
  project: `mutation($i: CreateProjectInput!) { createProject(input: $i) { id status requestedBudget } }`,
  approveProject: `mutation($id: ID!, $b: Decimal!) { approveProjectBudget(id: $id, approvedBudget: $b) { id status approvedBudget remaining } }`,
  receipt: `mutation($i: RecordReceiptInput!) { recordReceipt(input: $i) { id number receiptNumber amount amountText } }`,
  voucher: `mutation($i: CreatePaymentVoucherInput!) { createPaymentVoucher(input: $i) {
    id number voucherNumber status grossAmount withholdingTax netAmount grossAmountText netAmountText version } }`,
  approveVoucher: `mutation($id: ID!) { approvePaymentVoucher(id: $id) { id status approvedBy } }`,
};

/**
 * A school with a strategy, an approved project funded by `moneySourceCode` and money received
 * into that source (FY 2569). Returns ids and tokens.
 */
export async function fundedProject(
  h: FinanceHarness,
  options: { budget?: string; received?: string; moneySourceCode?: string; areaOfficeCode?: string } = {},
) {
  const school = await addSchool(h, { areaOfficeCode: options.areaOfficeCode });
  const t = await tokensFor(school);
  const moneySourceCode = options.moneySourceCode ?? 'PER_HEAD_SUBSIDY';
  const strategy = ok(
    await h.q(
      M.strategy,
      { i: { schoolId: school.id, fiscalYear: 2569, code: 'S1', nameTh: 'พัฒนาคุณภาพผู้เรียน' } },
      t.staff,
    ),
  ).createStrategy;
  const project = ok(
    await h.q(
      M.project,
      {
        i: {
          strategyId: strategy.id,
          code: 'P1',
          nameTh: 'โครงการส่งเสริมการอ่าน',
          owner: 'ครูสมศรี',
          startDate: '2025-10-01',
          endDate: '2026-09-30',
          moneySourceCode,
          requestedBudget: options.budget ?? '50000.00',
        },
      },
      t.staff,
    ),
  ).createProject;
  ok(await h.q(M.approveProject, { id: project.id, b: options.budget ?? '50000.00' }, t.director));
  if (options.received !== '0') {
    ok(
      await h.q(
        M.receipt,
        {
          i: {
            schoolId: school.id,
            date: '2025-10-15',
            moneySourceCode,
            amount: options.received ?? '100000.00',
            payer: 'สพป.ลพบุรี เขต 1',
            description: 'โอนเงินอุดหนุน',
          },
        },
        t.staff,
      ),
    );
  }
  return { school, t, strategyId: strategy.id as string, projectId: project.id as string, moneySourceCode };
}

export const voucherInput = (
  schoolId: string,
  projectId: string | null,
  amounts: string[],
  extra: Record<string, unknown> = {},
) => ({
  schoolId,
  date: '2025-11-20',
  projectId,
  payee: { kind: 'ORGANISATION', name: 'ร้านศึกษาภัณฑ์', taxId: '0105536000011' },
  description: 'ซื้อหนังสือห้องสมุด',
  lines: amounts.map((amount, i) => ({ description: `รายการ ${i + 1}`, amount })),
  ...extra,
});
