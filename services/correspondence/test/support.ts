import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Role } from '@smss/auth';
import { applySchoolToReplica } from '@smss/events';
import { bootService, type OperationLimits, type RunningService } from '@smss/service-kit';
import {
  createTestDatabase,
  gql,
  testLogger,
  testNatsUrl,
  tokenFor,
  TEST_SUBGRAPH_SECURITY,
  type GraphQLResponse,
  type TestDatabase,
} from '@smss/testing';
import { createCorrespondenceDomain, type CorrespondenceDomain } from '../src/domain';
import { createCorrespondenceService } from '../src/server';

export interface TestSchool {
  id: string;
  obecCode: string;
  areaOfficeCode: string;
}

export interface CorrespondenceHarness {
  service: RunningService;
  db: TestDatabase;
  /** The service's clock: tests move it (deadlines, the year of the registers). */
  clock: { now: Date };
  attachmentDir: string;
  domain: () => CorrespondenceDomain;
  /** POST to the subgraph as the gateway would (signed gateway assertion, optional bearer token). */
  q: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<GraphQLResponse>;
  /** A token of `role` at `org` (subject `test:<role>:<org>` unless given). */
  as: (role: Role, org: string, subject?: string, scopes?: string[]) => Promise<string>;
  /** A school in this service's directory replica, as `schools.school.upserted` would put it there. */
  addSchool: (areaOfficeCode: string) => Promise<TestSchool>;
  /** Letter codes for organisations (as an OBEC administrator would set them). */
  configure: (...orgCodes: string[]) => Promise<void>;
  stop: () => Promise<void>;
}

let schoolSeq = 0;

/**
 * A real correspondence subgraph on a fresh database, with a clock the test controls. Its consumers and
 * relay are off: the tests feed the directory replica directly and read the outbox table, so nothing
 * else on the shared NATS reaches them.
 */
export async function startCorrespondence(
  options: { limits?: OperationLimits; maxAttachmentBytes?: number } = {},
): Promise<CorrespondenceHarness> {
  const db = await createTestDatabase('correspondence');
  const clock = { now: new Date() };
  const attachmentDir = mkdtempSync(path.join(tmpdir(), 'corr-attachments-'));
  const serviceOptions = {
    clock: () => clock.now,
    attachmentDir,
    maxAttachmentBytes: options.maxAttachmentBytes,
  };
  const service = await bootService(
    createCorrespondenceService(serviceOptions),
    {
      port: 0,
      databaseUrl: db.url,
      natsUrl: testNatsUrl(),
      logLevel: process.env.LOG_LEVEL ?? 'silent',
      ...TEST_SUBGRAPH_SECURITY,
      createDatabase: false,
      runRelay: false,
      runConsumers: false,
      limits: options.limits,
    },
    testLogger(),
  ).catch(async (error: unknown) => {
    await db.drop();
    throw error;
  });
  const q = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
    gql(service.url, query, variables, { token });
  const admin = await tokenFor('obec-admin', 'OBEC');
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
    clock,
    attachmentDir,
    domain: () => createCorrespondenceDomain(service.dataSource, serviceOptions),
    q,
    as: (role, org, subject, scopes) => tokenFor(role, org, scopes, subject),
    addSchool,
    configure: async (...orgCodes) => {
      for (const orgCode of orgCodes)
        ok(
          await q(
            `mutation($i: ConfigureUnitInput!) { configureCorrespondenceUnit(input: $i) { orgCode } }`,
            {
              i: {
                orgCode,
                letterCode: orgCode === 'OBEC' ? 'ศธ 04' : `ศธ ${orgCode.slice(-5)}`,
                nameTh: `หน่วยงาน ${orgCode}`,
              },
            },
            admin,
          ),
        );
    },
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

export const codeOf = (res: GraphQLResponse): string | undefined => res.errors?.[0]?.extensions?.code;

export const LETTER_FIELDS = `id kind form holderOrgCode documentNumber registerNumber letterDate letterDateTh subject fromText toText
  urgency dueAt secrecy channel circular retentionClass retainUntilYear
  circulationSummary { recipients received acknowledged overdue }`;

export const M = {
  send: `mutation($i: SendLetterInput!) { sendLetter(input: $i) { ${LETTER_FIELDS} } }`,
  receive: `mutation($i: ReceiveLetterInput!) { receiveLetter(input: $i) { ${LETTER_FIELDS} } }`,
  acknowledge: `mutation($i: AcknowledgeLetterInput!) { acknowledgeLetter(input: $i) { ${LETTER_FIELDS} } }`,
  forward: `mutation($i: ForwardLetterInput!) { forwardLetter(input: $i) { ${LETTER_FIELDS} } }`,
  endorse: `mutation($i: EndorseLetterInput!) { endorseLetter(input: $i) { id } }`,
  designate: `mutation($i: SecretRegistrarInput!) { designateSecretRegistrar(input: $i) { orgCode subject } }`,
  inbox: `query($org: String, $f: InboxFilter) { inbox(orgCode: $org, filter: $f, first: 100) {
    totalCount edges { node { id recipientOrgCode senderOrgCode status overdue dueAt secrecy receiveRegisterNumber letter { id subject } } } } }`,
};

/** The id of the copy of `letterId` circulated to `org`. */
export async function deliveryOf(h: CorrespondenceHarness, letterId: string, org: string): Promise<string> {
  const rows = await h.service.dataSource.query(
    `SELECT id FROM delivery WHERE letter_id = $1 AND recipient_org = $2`,
    [letterId, org],
  );
  if (!rows[0]) throw new Error(`no delivery of ${letterId} to ${org}`);
  return rows[0].id;
}
