import { bootService, type RunningService } from '@smss/service-kit';
import {
  createTestDatabase,
  testLogger,
  testNatsUrl,
  TEST_SUBGRAPH_SECURITY,
  type TestDatabase,
} from '@smss/testing';
import { schoolsService } from '../src/server';
import { seedDirectory } from '../src/demo/seed';

export interface SchoolsHarness {
  service: RunningService;
  db: TestDatabase;
  stop: () => Promise<void>;
}

/** A real schools subgraph on a fresh database with the Lopburi demo directory. */
export async function startSchools(
  options: { seed?: boolean; runRelay?: boolean } = {},
): Promise<SchoolsHarness> {
  const db = await createTestDatabase('schools');
  const service = await bootService(
    schoolsService,
    {
      port: 0,
      databaseUrl: db.url,
      natsUrl: testNatsUrl(),
      logLevel: process.env.LOG_LEVEL ?? 'silent',
      ...TEST_SUBGRAPH_SECURITY,
      createDatabase: false,
      runRelay: options.runRelay ?? false,
    },
    testLogger(),
  );
  const stop = async () => {
    await service.close();
    await db.drop();
  };
  try {
    if (options.seed ?? true) await seedDirectory(service.dataSource, 'lopburi');
  } catch (error) {
    await stop();
    throw error;
  }
  return { service, db, stop };
}
