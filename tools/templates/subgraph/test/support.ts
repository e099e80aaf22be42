import { applySchoolToReplica } from '@smss/events';
import { bootService, type RunningService } from '@smss/service-kit';
import {
  createTestDatabase,
  gql,
  testLogger,
  testNatsUrl,
  TEST_SUBGRAPH_SECURITY,
  type GraphQLResponse,
  type TestDatabase,
} from '@smss/testing';
import { randomUUID } from 'node:crypto';
import { create__Name__Service } from '../src/server';

export interface TestSchool {
  id: string;
  obecCode: string;
  areaOfficeCode: string;
}

export interface __Name__Harness {
  service: RunningService;
  db: TestDatabase;
  /** POST to the subgraph as the gateway would (signed gateway assertion, optional bearer token). */
  q: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<GraphQLResponse>;
  /** A school in this service's directory replica, as `schools.school.upserted` would put it there. */
  addSchool: (areaOfficeCode: string) => Promise<TestSchool>;
  stop: () => Promise<void>;
}

let schoolSeq = 0;

/**
 * A real __name__ subgraph on a fresh database. Its consumers and relay are off: the tests feed the
 * directory replica directly and read the outbox table, so nothing else on the shared NATS reaches them.
 */
export async function start__Name__(): Promise<__Name__Harness> {
  const db = await createTestDatabase('__name_snake__');
  const service = await bootService(
    create__Name__Service(),
    {
      port: 0,
      databaseUrl: db.url,
      natsUrl: testNatsUrl(),
      logLevel: process.env.LOG_LEVEL ?? 'silent',
      ...TEST_SUBGRAPH_SECURITY,
      createDatabase: false,
      runRelay: false,
      runConsumers: false,
    },
    testLogger(),
  ).catch(async (error: unknown) => {
    await db.drop();
    throw error;
  });
  const addSchool = async (areaOfficeCode: string): Promise<TestSchool> => {
    schoolSeq += 1;
    const school = {
      id: randomUUID(),
      obecCode: `10${areaOfficeCode}${String(schoolSeq).padStart(4, '0')}`,
      areaOfficeCode,
    };
    await service.dataSource.transaction((m) =>
      applySchoolToReplica(
        m,
        {
          id: school.id,
          obecCode: school.obecCode,
          nameTh: `โรงเรียนทดสอบ ${schoolSeq}`,
          areaOfficeCode,
          provinceCode: areaOfficeCode.slice(0, 2),
          districtCode: `${areaOfficeCode.slice(0, 2)}01`,
          status: 'OPEN',
          schoolType: 'PRIMARY',
          levels: ['PRIMARY'],
          version: 1,
        },
        new Date().toISOString(),
      ),
    );
    return school;
  };
  return {
    service,
    db,
    q: (query, variables = {}, token) => gql(service.url, query, variables, { token }),
    addSchool,
    stop: async () => {
      await service.close();
      await db.drop();
    },
  };
}

/** Data of a successful response; fails the test with the errors otherwise. */
export function ok<T = any>(res: GraphQLResponse): T {
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

export const CREATE = `mutation($input: Create__Record__Input!) {
  create__Record__(input: $input) { id title responsiblePerson recordedOn version school { id } }
}`;
