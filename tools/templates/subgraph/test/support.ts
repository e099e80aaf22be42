import { applySchoolToReplica } from '@smss/events';
import { bootService, type RunningService } from '@smss/service-kit';
import {
  gql,
  startTestSubgraph,
  testReplicaSchool,
  type GraphQLResponse,
  type TestDatabase,
  type TestReplicaSchool,
} from '@smss/testing';
import { create__Name__Service } from '../src/server';

/** A school as the tests put it into the directory replica. */
export type TestSchool = TestReplicaSchool;

export interface __Name__Harness {
  service: RunningService;
  db: TestDatabase;
  /** POST to the subgraph as the gateway would (signed gateway assertion, optional bearer token). */
  q: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<GraphQLResponse>;
  /** A school in this service's directory replica, as `schools.school.upserted` would put it there. */
  addSchool: (areaOfficeCode: string) => Promise<TestSchool>;
  stop: () => Promise<void>;
}

/**
 * A real __name__ subgraph on a fresh database (@smss/testing's `startTestSubgraph`). Its consumers and
 * relay are off: the tests feed the directory replica directly and read the outbox table, so nothing
 * else on the shared NATS reaches them.
 */
export async function start__Name__(): Promise<__Name__Harness> {
  const { service, db, stop } = await startTestSubgraph('__name_snake__', (config, logger) =>
    bootService(create__Name__Service(), { ...config, runRelay: false, runConsumers: false }, logger),
  );
  const addSchool = async (areaOfficeCode: string): Promise<TestSchool> => {
    const school = testReplicaSchool(areaOfficeCode);
    await service.dataSource.transaction((m) => applySchoolToReplica(m, school, new Date().toISOString()));
    return school;
  };
  return {
    service,
    db,
    q: (query, variables = {}, token) => gql(service.url, query, variables, { token }),
    addSchool,
    stop,
  };
}

export const CREATE = `mutation($input: Create__Record__Input!) {
  create__Record__(input: $input) { id title responsiblePerson recordedOn version school { id } }
}`;
