import type { PartnerAgreementClaim } from '@smss/auth';
import { applySchoolToReplica } from '@smss/events';
import { bootService, type RunningService } from '@smss/service-kit';
import {
  gatewayHeaders,
  gql,
  startTestSubgraph,
  testLogger,
  testReplicaSchool,
  type GraphQLResponse,
  type TestDatabase,
  type TestReplicaSchool,
  type TestSubgraphConfig,
} from '@smss/testing';
import { createExchangeService } from '../src/server';
import type { ExportRuntimeOptions } from '../src/modules/exports/export-runtime';

/** The exchange service with its export worker pointed at `options.gatewayUrl` (the test's gateway double). */
const withExports = (options: ExportRuntimeOptions) => createExchangeService({ exports: options });

export type TestSchool = TestReplicaSchool;

export interface ExportsHarness {
  service: RunningService;
  db: TestDatabase;
  q: (
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
    agreement?: PartnerAgreementClaim,
  ) => Promise<GraphQLResponse>;
  /** GET a download path through "the gateway" (a signed assertion and the caller's token). */
  download: (path: string, token?: string, service?: RunningService) => Promise<Response>;
  addSchool: (areaOfficeCode: string) => Promise<TestSchool>;
  /** Another exchange process on the same database (a restart), with its own worker. */
  bootAgain: () => Promise<RunningService>;
  stop: () => Promise<void>;
}

// Jobs of a process without a heartbeat for 5 s are stale; the periodic sweep (every minute) stays out of
// the way, so a stale job in a test is failed by the start-up sweep of the next process only.
// One school at a time: the progress test steps the gateway double page by page.
const FAST = { heartbeatMs: 60_000, staleSeconds: 5, concurrency: 1 };

export async function startExportsExchange(gatewayUrl: string): Promise<ExportsHarness> {
  let config: TestSubgraphConfig | undefined;
  const options = { gatewayUrl, ...FAST, logger: testLogger() };
  const { service, db, stop } = await startTestSubgraph('exchange_exports', (c, logger) => {
    config = c;
    return bootService(withExports(options), { ...c, runRelay: false, runConsumers: false }, logger);
  });
  const extra: RunningService[] = [];
  return {
    service,
    db,
    q: (query, variables = {}, token, agreement) => gql(service.url, query, variables, { token, agreement }),
    download: async (path, token, target = service) =>
      fetch(new URL(path, target.url).toString(), { headers: await gatewayHeaders('exchange', { token }) }),
    addSchool: async (areaOfficeCode) => {
      const school = testReplicaSchool(areaOfficeCode);
      await service.dataSource.transaction((m) => applySchoolToReplica(m, school, new Date().toISOString()));
      return school;
    },
    bootAgain: async () => {
      const again = await bootService(
        withExports(options),
        { ...config!, runRelay: false, runConsumers: false },
        testLogger(),
      );
      extra.push(again);
      return again;
    },
    stop: async () => {
      for (const s of extra) await s.close();
      await stop();
    },
  };
}

export const JOB_FIELDS = `id profile format scope { areaOfficeCode schoolCode } status rowsDone rowsTotal createdAt
  startedAt finishedAt error { code message messageTh } fileName byteSize sha256 changeCursor downloadUrl`;

export const START = `mutation($profile: ExportProfile!, $format: ExportJobFormat!, $scope: ExportScopeInput!) {
  startExport(profile: $profile, format: $format, scope: $scope) { ${JOB_FIELDS} }
}`;

export const JOB = `query($id: ID!) { exportJob(id: $id) { ${JOB_FIELDS} } }`;
export const JOBS = `query($first: Int) { exportJobs(first: $first) { id status } }`;
