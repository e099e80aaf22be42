import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { TEST_SUBGRAPH_SECURITY, type GraphQLResponse } from './graphql';
import { createTestDatabase, testLogger, testNatsUrl, type TestDatabase } from './index';

/*
 * What every service's test/support.ts used to write again: boot a real subgraph on a fresh database
 * against the shared PostgreSQL and NATS, drop the database if the boot fails, close and drop on stop;
 * a school row for the directory replica; the data of a successful response. The boot itself stays
 * with the caller (`bootService` from @smss/service-kit), so this library depends on no service code.
 */

/** The runtime config a subgraph boots with in tests (spread it into `bootService`'s config). */
export interface TestSubgraphConfig {
  port: 0;
  databaseUrl: string;
  natsUrl: string;
  logLevel: string;
  tokens: typeof TEST_SUBGRAPH_SECURITY.tokens;
  gatewayPublicKeys: typeof TEST_SUBGRAPH_SECURITY.gatewayPublicKeys;
  createDatabase: false;
}

export interface TestSubgraph<S> {
  service: S;
  db: TestDatabase;
  /** Run `beforeStop`, close the service, drop its database. */
  stop: () => Promise<void>;
}

/**
 * A real subgraph on a fresh database `t_<databasePrefix>_…`:
 * `startTestSubgraph('assets', (config, logger) => bootService(def, { ...config, runRelay: false }, logger))`.
 * `beforeStop` runs first on stop (e.g. deleting a suite's durable consumers while NATS is connected).
 */
export async function startTestSubgraph<S extends { close: () => Promise<void> }>(
  databasePrefix: string,
  boot: (config: TestSubgraphConfig, logger: Logger) => Promise<S>,
  options: { beforeStop?: (service: S) => Promise<void> } = {},
): Promise<TestSubgraph<S>> {
  const db = await createTestDatabase(databasePrefix);
  const config: TestSubgraphConfig = {
    port: 0,
    databaseUrl: db.url,
    natsUrl: testNatsUrl(),
    logLevel: process.env.LOG_LEVEL ?? 'silent',
    ...TEST_SUBGRAPH_SECURITY,
    createDatabase: false,
  };
  const service = await boot(config, testLogger()).catch(async (error: unknown) => {
    await db.drop();
    throw error;
  });
  return {
    service,
    db,
    stop: async () => {
      try {
        await options.beforeStop?.(service);
      } finally {
        await service.close();
        await db.drop();
      }
    },
  };
}

/** A school as `schools.school.upserted` carries it, for `applySchoolToReplica` in a test. */
export interface TestReplicaSchool {
  id: string;
  obecCode: string;
  nameTh: string;
  areaOfficeCode: string;
  provinceCode: string;
  districtCode: string;
  status: 'OPEN' | 'MERGED' | 'CLOSED';
  schoolType: string;
  levels: string[];
  version: number;
}

let schoolSeq = 0;

/**
 * An open primary school in `areaOfficeCode` with a fresh id and an OBEC code unique in this test
 * process (`10<area><nnnn>`); any field can be overridden.
 */
export function testReplicaSchool(
  areaOfficeCode: string,
  overrides: Partial<TestReplicaSchool> = {},
): TestReplicaSchool {
  schoolSeq += 1;
  const provinceCode = overrides.provinceCode ?? areaOfficeCode.slice(0, 2);
  return {
    id: randomUUID(),
    obecCode: `10${areaOfficeCode}${String(schoolSeq).padStart(4, '0')}`,
    nameTh: `โรงเรียนทดสอบ ${schoolSeq}`,
    areaOfficeCode,
    provinceCode,
    districtCode: `${provinceCode}01`,
    status: 'OPEN',
    schoolType: 'PRIMARY',
    levels: ['PRIMARY'],
    version: 1,
    ...overrides,
  };
}

/** Data of a successful response; fails the test with the errors otherwise. */
export function ok<T = any>(res: GraphQLResponse): T {
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

/** The first error's code. */
export const codeOf = (res: GraphQLResponse): string | undefined => res.errors?.[0]?.extensions?.code;

/**
 * The two paths of a batch handler registration (`onBatch`), to feed the same events one at a time and
 * in batches: `handlerPaths<EventEnvelope<P>>(registration)`.
 */
export const handlerPaths = <E>(
  registration: unknown,
): {
  handle: (event: E, manager: unknown) => Promise<void>;
  handleBatch: (events: E[], manager: unknown) => Promise<void>;
} => registration as never;

/**
 * The DMC rounds the batch-equivalence sequences draw their snapshots from: TERM1 of academic year 2568
 * (fiscal year 2568), its TERM2 and END_OF_YEAR (fiscal year 2569; END_OF_YEAR pays no subsidy), and
 * TERM1 of 2569 (fiscal year 2569).
 */
export const DMC_TEST_ROUNDS = [
  { round: 'TERM1', asOfDate: '2025-06-10', academicYear: 2568 },
  { round: 'TERM2', asOfDate: '2025-11-10', academicYear: 2568 },
  { round: 'END_OF_YEAR', asOfDate: '2026-03-31', academicYear: 2568 },
  { round: 'TERM1', asOfDate: '2026-06-10', academicYear: 2569 },
] as const;
