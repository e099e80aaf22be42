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

/** A school as the tests put it into the directory replica. */
export type TestSchool = TestReplicaSchool;

export interface ExchangeHarness {
  service: RunningService;
  db: TestDatabase;
  /** POST to the subgraph as the gateway would (signed gateway assertion, optional bearer token). */
  q: (
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
    agreement?: PartnerAgreementClaim,
  ) => Promise<GraphQLResponse>;
  /** GET a download path through "the gateway" (a signed assertion and the caller's token). */
  download: (path: string, token?: string, service?: RunningService) => Promise<Response>;
  /** A school in this service's directory replica, as `schools.school.upserted` would put it there. */
  addSchool: (areaOfficeCode: string) => Promise<TestSchool>;
  /** Another exchange process on the same database (a restart), with its own export worker. */
  bootAgain: () => Promise<RunningService>;
  stop: () => Promise<void>;
}

/**
 * A real exchange subgraph on a fresh database (@smss/testing's `startTestSubgraph`). Its consumers and
 * relay are off: the tests feed the directory replica directly and read the outbox table, so nothing
 * else on the shared NATS reaches them. `exports` points its export worker somewhere (a gateway double).
 */
export async function startExchange(
  options: { name?: string; exports?: ExportRuntimeOptions } = {},
): Promise<ExchangeHarness> {
  const create = () => createExchangeService(options.exports ? { exports: options.exports } : {});
  let config: TestSubgraphConfig | undefined;
  const { service, db, stop } = await startTestSubgraph(options.name ?? 'exchange', (c, logger) => {
    config = c;
    return bootService(create(), { ...c, runRelay: false, runConsumers: false }, logger);
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
        create(),
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

export const AGREEMENT_FIELDS = `id partnerCode nameTh nameEn areaOfficeCodes schoolCodes include { type fields } purposes
  validFrom validTo status revokedReason inForce keyVersion version operations { name sha256 } history { action by after }`;

export const CREATE = `mutation($input: PartnerAgreementInput!) { createPartnerAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`;

/** Terms of a test agreement over `areaOfficeCode` (EEF-like: pseudonymised attendance and nutrition). */
export const termsFor = (
  partnerCode: string,
  areaOfficeCode: string,
  extra: Record<string, unknown> = {},
) => ({
  partnerCode,
  nameTh: 'กองทุนเพื่อความเสมอภาคทางการศึกษา',
  nameEn: 'Equitable Education Fund',
  areaOfficeCodes: [areaOfficeCode],
  schoolCodes: [],
  include: [
    { type: 'Student', fields: ['pseudonym', 'gender', 'attendanceRate'] },
    { type: 'ChangeEntry', fields: ['cursor', 'entityType', 'change', 'occurredAt', 'pseudonym', 'student'] },
  ],
  purposes: ['การโอนเงินอุดหนุนแบบมีเงื่อนไข (conditional cash transfer)'],
  validFrom: '2026-01-01',
  validTo: '2027-12-31',
  ...extra,
});
