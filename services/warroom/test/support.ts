import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import {
  buildEnvelope,
  subjectFor,
  SchoolUpserted,
  type EventContract,
  type EventEnvelope,
  type PayloadOf,
} from '@smss/events';
import { bootService, type RunningService } from '@smss/service-kit';
import {
  createTestDatabase,
  eventually,
  gql,
  startPrivateNats,
  testLogger,
  TEST_SUBGRAPH_SECURITY,
  type GraphQLResponse,
  type PrivateNats,
  type TestDatabase,
} from '@smss/testing';
import { createWarroomService } from '../src/server';

export interface WarroomHarness {
  service: RunningService;
  db: TestDatabase;
  nats: PrivateNats;
  /** POST to the subgraph as the gateway would (signed gateway assertion, optional bearer token). */
  q: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<GraphQLResponse>;
  /** Publish an envelope on JetStream as its service's relay would (msgID: the event id unless given). */
  publish: (envelope: EventEnvelope, msgID?: string) => Promise<void>;
  /** Wait until the consumers have handled every one of these events (their ids are in the inbox). */
  waitForInbox: (eventIds: string[], timeoutMs?: number) => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * A real warroom subgraph on a fresh database, with its durable consumers running against a PRIVATE
 * `nats-server -js` (so the random events of these tests never reach another package's consumers on the
 * shared server, and theirs never reach these).
 */
export async function startWarroom(): Promise<WarroomHarness> {
  const nats = await startPrivateNats();
  const db = await createTestDatabase('warroom');
  const service = await bootService(
    createWarroomService({ durablePrefix: `warroom-test-${randomUUID().slice(0, 8)}` }),
    {
      port: 0,
      databaseUrl: db.url,
      natsUrl: nats.url,
      logLevel: process.env.LOG_LEVEL ?? 'silent',
      ...TEST_SUBGRAPH_SECURITY,
      createDatabase: false,
      runRelay: false,
    },
    testLogger(),
  ).catch(async (error: unknown) => {
    await db.drop();
    await nats.stop();
    throw error;
  });
  const js = jetstream(service.nc);
  return {
    service,
    db,
    nats,
    q: (query, variables = {}, token) => gql(service.url, query, variables, { token }),
    publish: async (envelope, msgID = envelope.id) => {
      const subject =
        envelope.type === SchoolUpserted.subject
          ? subjectFor(SchoolUpserted, envelope.aggregateId)
          : envelope.type;
      await js.publish(subject, JSON.stringify(envelope), { msgID });
    },
    waitForInbox: async (eventIds, timeoutMs = 30_000) => {
      const ids = [...new Set(eventIds)];
      const deadline = Date.now() + timeoutMs;
      await eventually(async () => {
        const [row] = await service.dataSource.query(
          `SELECT count(DISTINCT event_id)::int AS n FROM inbox_event WHERE event_id = ANY($1::uuid[])`,
          [ids],
        );
        const failed: Array<{ last_error: string; dead: boolean }> = await service.dataSource.query(
          `SELECT last_error, dead_at IS NOT NULL AS dead FROM dead_letter_event`,
        );
        if (failed.some((f) => f.dead) || Date.now() > deadline - 1000)
          if (failed.length) throw new Error(`events failed: ${failed.map((f) => f.last_error).join('; ')}`);
        return row.n === ids.length;
      }, timeoutMs);
    },
    stop: async () => {
      await service.close();
      await db.drop();
      await nats.stop();
    },
  };
}

/** An envelope of `contract` with a chosen occurrence time. */
export const envelopeOf = <C extends EventContract>(
  contract: C,
  aggregateId: string,
  payload: PayloadOf<C>,
  occurredAt = new Date(),
): EventEnvelope<PayloadOf<C>> => buildEnvelope(contract, aggregateId, payload, { occurredAt });

/** Data of a successful response; fails the test with the errors otherwise. */
export function ok<T = any>(res: GraphQLResponse): T {
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

const SOURCE = 'source { kind academicYear round fiscalYear asOfDate updatedAt schoolsReporting }';
const COUNT = 'key total male female';

/** Every figure of a view (the dashboard's query, one level of children). */
export const FIGURES = `level code nameTh nameEn schoolId schools
  ancestors { level code nameTh nameEn }
  students { ${SOURCE} total male female poor extremelyPoor disabled stateless classrooms studentsPerClassroom
    byLevel { ${COUNT} } byGrade { ${COUNT} } }
  smallSchools { ${SOURCE} smallSchools bands { label minStudents maxStudents schools } }
  teachers { ${SOURCE} required present gap shortage schoolsShort studentsPerTeacher }
  allocations { ${SOURCE} total items { item students amount } }
  spending { ${SOURCE} total vouchers }
  buildings { ${SOURCE} buildings good needsRepair dilapidated unsafe classrooms }
  internet { ${SOURCE} withInternet withoutInternet notReporting }
  letters { received acknowledged unacknowledged overdue acknowledgedLate }
  indicators { source { fiscalYear roundMonth schoolsReporting } results averageScore byFramework { framework results averageScore } }
  attendance { source { kind academicYear semester asOfDate updatedAt schoolsReporting } schoolDays studentDays
    attended absent late sickLeave personalLeave rate }
  nutrition { source { kind academicYear semester asOfDate updatedAt schoolsReporting } measured
    assessedWeightForHeight assessedHeightForAge thin short overweight obese thinRate shortRate overweightRate obeseRate }`;

export const WAR_ROOM = `query($level: WarRoomLevel!, $code: String) {
  warRoom(level: $level, code: $code) { ${FIGURES} children { ${FIGURES} } }
}`;

/**
 * The rates of the figure groups: the share of a count of the group in a denominator of the same group (the
 * service's exact ratio of the sums), null where the viewer sees either of them suppressed.
 */
export const RATES = [
  { group: 'attendance', rate: 'rate', count: 'attended', of: 'studentDays' },
  { group: 'nutrition', rate: 'thinRate', count: 'thin', of: 'assessedWeightForHeight' },
  { group: 'nutrition', rate: 'shortRate', count: 'short', of: 'assessedHeightForAge' },
  { group: 'nutrition', rate: 'overweightRate', count: 'overweight', of: 'assessedWeightForHeight' },
  { group: 'nutrition', rate: 'obeseRate', count: 'obese', of: 'assessedWeightForHeight' },
] as const;
