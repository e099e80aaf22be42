import { bootService, type RunningService } from '@smss/service-kit';
import { startTestSubgraph, type TestDatabase } from '@smss/testing';
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
  const harness = await startTestSubgraph('schools', (config, logger) =>
    bootService(schoolsService, { ...config, runRelay: options.runRelay ?? false }, logger),
  );
  try {
    if (options.seed ?? true) await seedDirectory(harness.service.dataSource, 'lopburi');
  } catch (error) {
    await harness.stop();
    throw error;
  }
  return harness;
}
