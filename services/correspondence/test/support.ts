import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Role } from '@smss/auth';
import { applySchoolToReplica } from '@smss/events';
import { bootService, type OperationLimits, type RunningService } from '@smss/service-kit';
import {
  gql,
  ok,
  startTestSubgraph,
  testReplicaSchool,
  tokenFor,
  type GraphQLResponse,
  type TestDatabase,
  type TestReplicaSchool,
} from '@smss/testing';
import { createCorrespondenceDomain, type CorrespondenceDomain } from '../src/domain';
import { createCorrespondenceService } from '../src/server';

/** A school as the tests put it into the directory replica. */
export type TestSchool = TestReplicaSchool;

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

/**
 * A real correspondence subgraph on a fresh database, with a clock the test controls. Its consumers and
 * relay are off: the tests feed the directory replica directly and read the outbox table, so nothing
 * else on the shared NATS reaches them.
 */
export async function startCorrespondence(
  options: { limits?: OperationLimits; maxAttachmentBytes?: number } = {},
): Promise<CorrespondenceHarness> {
  const clock = { now: new Date() };
  const attachmentDir = mkdtempSync(path.join(tmpdir(), 'corr-attachments-'));
  const serviceOptions = {
    clock: () => clock.now,
    attachmentDir,
    maxAttachmentBytes: options.maxAttachmentBytes,
  };
  const { service, db, stop } = await startTestSubgraph('correspondence', (config, logger) =>
    bootService(
      createCorrespondenceService(serviceOptions),
      { ...config, runRelay: false, runConsumers: false, limits: options.limits },
      logger,
    ),
  );
  const q = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
    gql(service.url, query, variables, { token });
  const admin = await tokenFor('obec-admin', 'OBEC');
  const addSchool = async (areaOfficeCode: string): Promise<TestSchool> => {
    const school = testReplicaSchool(areaOfficeCode);
    await service.dataSource.transaction((m) => applySchoolToReplica(m, school, new Date().toISOString()));
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
    stop,
  };
}

export { codeOf, ok } from '@smss/testing';

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
