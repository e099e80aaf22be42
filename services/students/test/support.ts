import { randomUUID } from 'node:crypto';
import {
  createGatewayAssertionSigner,
  GATEWAY_ASSERTION_HEADER,
  type PartnerAgreementClaim,
} from '@smss/auth';
import { applySchoolToReplica } from '@smss/events';
import { bootService, type OperationLimits, type RunningService } from '@smss/service-kit';
import {
  gql,
  startTestSubgraph,
  TEST_GATEWAY_KEYS,
  testReplicaSchool,
  tokenFor,
  type GraphQLResponse,
  type TestDatabase,
} from '@smss/testing';
import { syntheticNationalId } from '@smss/thai';
import { studentsService } from '../src/server';

/** A small directory, written straight into the replica (the NATS path has its own test). */
export const SCHOOLS = {
  a: {
    id: randomUUID(),
    obecCode: '1016010001',
    areaOfficeCode: '1601',
    levels: ['PRE_PRIMARY', 'PRIMARY'],
    schoolType: 'PRIMARY',
  },
  b: {
    id: randomUUID(),
    obecCode: '1016010002',
    areaOfficeCode: '1601',
    levels: ['PRE_PRIMARY', 'PRIMARY', 'LOWER_SECONDARY'],
    schoolType: 'EXTENDED_OPPORTUNITY',
  },
  c: {
    id: randomUUID(),
    obecCode: '1016020001',
    areaOfficeCode: '1602',
    levels: ['PRE_PRIMARY', 'PRIMARY'],
    schoolType: 'PRIMARY',
  },
  s: {
    id: randomUUID(),
    obecCode: '1016500001',
    areaOfficeCode: '1650',
    levels: ['LOWER_SECONDARY', 'UPPER_SECONDARY'],
    schoolType: 'SECONDARY',
  },
};

export interface StudentsHarness {
  service: RunningService;
  db: TestDatabase;
  schools: typeof SCHOOLS;
  as: (
    role: Parameters<typeof tokenFor>[0],
    org: string,
    scopes?: string[],
  ) => Promise<(q: string, v?: Record<string, unknown>) => Promise<GraphQLResponse<any>>>;
  /**
   * A partner calling through the gateway with `agreement` in force: every call carries a fresh
   * assertion with the agreement as its `pag` claim, as the gateway sends it.
   */
  asPartner: (
    org: string,
    agreement: PartnerAgreementClaim,
    scopes?: string[],
  ) => Promise<(q: string, v?: Record<string, unknown>) => Promise<GraphQLResponse<any>>>;
  stop: () => Promise<void>;
}

const partnerSigner = createGatewayAssertionSigner(TEST_GATEWAY_KEYS.privateKey);

export async function startStudents(
  options: { runConsumers?: boolean; limits?: OperationLimits } = {},
): Promise<StudentsHarness> {
  const { service, db, stop } = await startTestSubgraph('students', (config, logger) =>
    bootService(
      studentsService,
      {
        ...config,
        runConsumers: options.runConsumers ?? false,
        ...(options.limits ? { limits: options.limits } : {}),
      },
      logger,
    ),
  );
  const schools = JSON.parse(JSON.stringify(SCHOOLS)) as typeof SCHOOLS;
  for (const s of Object.values(schools)) s.id = randomUUID();
  await service.dataSource.transaction(async (m) => {
    for (const s of Object.values(schools)) {
      await applySchoolToReplica(
        m,
        testReplicaSchool(s.areaOfficeCode, {
          id: s.id,
          obecCode: s.obecCode,
          nameTh: `โรงเรียน${s.obecCode}`,
          provinceCode: '16',
          districtCode: '1601',
          schoolType: s.schoolType,
          levels: s.levels,
        }),
        new Date().toISOString(),
      );
    }
  });
  return {
    service,
    db,
    schools,
    as: async (role, org, scopes) => {
      const token = await tokenFor(role, org, scopes);
      return (q, v = {}) => gql(service.url, q, v, { token });
    },
    asPartner: async (org, agreement, scopes) => {
      const token = await tokenFor('partner', org, scopes);
      return async (q, v = {}) => {
        const requestId = randomUUID();
        const assertion = await partnerSigner.sign({ subgraph: 'students', requestId, token, agreement });
        return gql(service.url, q, v, {
          token,
          asGateway: false,
          headers: { [GATEWAY_ASSERTION_HEADER]: assertion, 'x-request-id': requestId },
        });
      };
    },
    stop,
  };
}

let seq = Math.floor(Math.random() * 1_000_000) * 100;
/** A fresh valid synthetic national ID for each call. */
export const nextNationalId = (): string => syntheticNationalId((seq += 1));

export const REGISTER = `mutation($i: RegisterStudentInput!) { registerStudent(input: $i) {
  id nationalId firstNameTh gender currentEnrollment { id gradeLevel classroom status school { id } } } }`;

export const registerInput = (schoolCode: string, overrides: Record<string, unknown> = {}) => ({
  nationalId: nextNationalId(),
  prefix: 'เด็กชาย',
  firstNameTh: 'ธนากร',
  lastNameTh: 'ศรีทอง',
  birthDate: '2017-03-04',
  gender: 'MALE',
  schoolCode,
  academicYear: 2569,
  gradeLevel: 'P3',
  classroom: '1',
  startedOn: '2026-05-16',
  ...overrides,
});
