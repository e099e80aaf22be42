import { testLogger } from '@smss/testing';
import { startExchange, type ExchangeHarness, type TestSchool } from './support';

export type { TestSchool };
export type ExportsHarness = ExchangeHarness;

// Jobs of a process without a heartbeat for 5 s are stale; the periodic sweep (every minute) stays out of
// the way, so a stale job in a test is failed by the start-up sweep of the next process only.
// One school at a time: the progress test steps the gateway double page by page.
const FAST = { heartbeatMs: 60_000, staleSeconds: 5, concurrency: 1 };

/** The exchange service with its export worker pointed at `gatewayUrl` (the test's gateway double). */
export const startExportsExchange = (gatewayUrl: string): Promise<ExportsHarness> =>
  startExchange({ name: 'exchange_exports', exports: { gatewayUrl, ...FAST, logger: testLogger() } });

export const JOB_FIELDS = `id profile format scope { areaOfficeCode schoolCode } status rowsDone rowsTotal createdAt
  startedAt finishedAt error { code message messageTh } fileName byteSize sha256 changeCursor downloadUrl`;

export const START = `mutation($profile: ExportProfile!, $format: ExportJobFormat!, $scope: ExportScopeInput!) {
  startExport(profile: $profile, format: $format, scope: $scope) { ${JOB_FIELDS} }
}`;

export const JOB = `query($id: ID!) { exportJob(id: $id) { ${JOB_FIELDS} } }`;
export const JOBS = `query($first: Int) { exportJobs(first: $first) { id status } }`;
