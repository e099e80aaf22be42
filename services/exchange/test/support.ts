import type { PartnerAgreementClaim } from '@smss/auth';
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
import { createExchangeService } from '../src/server';

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
  /** A school in this service's directory replica, as `schools.school.upserted` would put it there. */
  addSchool: (areaOfficeCode: string) => Promise<TestSchool>;
  stop: () => Promise<void>;
}

/**
 * A real exchange subgraph on a fresh database (@smss/testing's `startTestSubgraph`). Its consumers and
 * relay are off: the tests feed the directory replica directly and read the outbox table, so nothing
 * else on the shared NATS reaches them.
 */
export async function startExchange(): Promise<ExchangeHarness> {
  const { service, db, stop } = await startTestSubgraph('exchange', (config, logger) =>
    bootService(createExchangeService(), { ...config, runRelay: false, runConsumers: false }, logger),
  );
  const addSchool = async (areaOfficeCode: string): Promise<TestSchool> => {
    const school = testReplicaSchool(areaOfficeCode);
    await service.dataSource.transaction((m) => applySchoolToReplica(m, school, new Date().toISOString()));
    return school;
  };
  return {
    service,
    db,
    q: (query, variables = {}, token, agreement) => gql(service.url, query, variables, { token, agreement }),
    addSchool,
    stop,
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
