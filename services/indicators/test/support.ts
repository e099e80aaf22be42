import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import type { Role } from '@smss/auth';
import { applySchoolToReplica } from '@smss/events';
import { bootService, type OperationLimits, type RunningService } from '@smss/service-kit';
import {
  gatewayHeaders,
  gql,
  ok,
  startTestSubgraph,
  testReplicaSchool,
  tokenFor,
  type GraphQLResponse,
  type TestDatabase,
  type TestReplicaSchool,
} from '@smss/testing';
import { fiscalYearOf, fiscalYearRange, todayInBangkok } from '@smss/thai';
import { createIndicatorsService, type IndicatorsServiceOptions } from '../src/server';

/** A school as the tests put it into the directory replica. */
export type TestSchool = TestReplicaSchool;

export interface IndicatorsHarness {
  service: RunningService;
  db: TestDatabase;
  /** The subgraph's base URL (routes: /upload/indicators, /download/indicators/…). */
  base: string;
  /** POST to the subgraph as the gateway would (signed gateway assertion, optional bearer token). */
  q: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<GraphQLResponse>;
  /** A school in this service's directory replica, as `schools.school.upserted` would put it there. */
  addSchool: (areaOfficeCode: string) => Promise<TestSchool>;
  /** A plain HTTP request to one of the subgraph's routes, as the gateway forwards it. */
  route: (
    method: 'GET' | 'POST',
    path: string,
    options?: { token?: string; body?: Buffer; contentType?: string },
  ) => Promise<Response>;
  stop: () => Promise<void>;
}

/**
 * A real indicators subgraph on a fresh database. Its consumers and relay are off unless asked: the
 * tests feed the directory replica directly and read the outbox table, so nothing else on the shared NATS
 * reaches them. `consumers: true` runs the durables with a unique prefix from new messages only.
 */
export async function startIndicators(
  options: { limits?: OperationLimits; consumers?: boolean; service?: IndicatorsServiceOptions } = {},
): Promise<IndicatorsHarness> {
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const { service, db, stop } = await startTestSubgraph(
    'indicators',
    (config, logger) =>
      bootService(
        createIndicatorsService({ durablePrefix: prefix, deliverPolicy: 'new', ...options.service }),
        { ...config, runRelay: false, runConsumers: options.consumers ?? false, limits: options.limits },
        logger,
      ),
    {
      beforeStop: async (running) => {
        for (const c of running.consumers) await c.stop().catch(() => undefined);
        // This run's durables go with it: the shared NATS keeps no consumer of a finished test.
        if (running.consumers.length) {
          const jsm = await jetstreamManager(running.nc);
          for (const c of createIndicatorsService({ durablePrefix: prefix }).consumers ?? [])
            await jsm.consumers.delete(c.stream, c.durable).catch(() => undefined);
        }
      },
    },
  );
  const base = service.url.replace(/\/graphql$/, '');
  const addSchool = async (areaOfficeCode: string): Promise<TestSchool> => {
    const school = testReplicaSchool(areaOfficeCode);
    await service.dataSource.transaction((m) => applySchoolToReplica(m, school, new Date().toISOString()));
    return school;
  };
  return {
    service,
    db,
    base,
    q: (query, variables = {}, token) => gql(service.url, query, variables, { token }),
    addSchool,
    route: async (method, path, o = {}) =>
      fetch(`${base}${path}`, {
        method,
        headers: {
          ...(await gatewayHeaders('indicators', { token: o.token })),
          ...(o.contentType ? { 'content-type': o.contentType } : {}),
        },
        body: o.body,
      }),
    stop,
  };
}

export { ok } from '@smss/testing';

/** The first error's code. */
export const codeOf = (res: GraphQLResponse): string | undefined => res.errors?.[0]?.extensions?.code;

export const token = (role: Role, org: string, scopes?: string[], subject?: string) =>
  tokenFor(role, org, scopes, subject);

/** The fiscal year that contains today (its rounds can be open now), and the one before. */
export const THIS_YEAR = fiscalYearOf(todayInBangkok());
export const LAST_YEAR = THIS_YEAR - 1;

// ---- operations ---------------------------------------------------------------------------------

export const M = {
  createIndicator: `mutation($i: IndicatorInput!) { createIndicator(input: $i) { id code weight version ownerLevel
    scoring { method direction thresholds steps { number description } } } }`,
  updateIndicator: `mutation($id: ID!, $i: IndicatorUpdateInput!) { updateIndicator(id: $id, input: $i) { id version weight
    scoring { thresholds } } }`,
  schedule: `mutation($i: ReportingRoundInput!) { scheduleReportingRound(input: $i) { id month opensOn closesOn status } }`,
  save: `mutation($i: IndicatorResultInput!) { saveIndicatorResult(input: $i) { id status version value score weightedScore valueSource } }`,
  submit: `mutation($i: IndicatorResultInput!) { submitIndicatorResult(input: $i) { id status version value score weightedScore valueSource submittedBy } }`,
  approve: `mutation($id: ID!, $v: Int) { approveIndicatorResult(id: $id, expectedVersion: $v) { id status version decidedBy } }`,
  return: `mutation($id: ID!, $c: String!) { returnIndicatorResult(id: $id, comment: $c) { id status returnComment version } }`,
  upload: `mutation($i: EvidenceUploadInput!) { uploadIndicatorEvidence(input: $i) { id fileName contentType byteSize sha256 downloadPath } }`,
  export: `mutation($org: String!, $fy: Int!, $fw: IndicatorFramework!, $format: IndicatorReportFormat!, $round: Int) {
    exportIndicatorReport(orgCode: $org, fiscalYear: $fy, framework: $fw, format: $format, roundMonth: $round) {
      url fileName contentType byteSize rowCount expiresAt } }`,
};

export interface IndicatorSpec {
  code: string;
  weight: string;
  method?: 'LEVELS' | 'CHECKLIST' | 'YES_NO';
  thresholds?: string[];
  direction?: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
  steps?: string[];
  ownerLevel?: 'OBEC' | 'AREA_OFFICE' | 'SCHOOL';
  framework?: 'KRS' | 'ARS';
  measure?: string;
  nameTh?: string;
}

/** An indicator input with sensible defaults (a LEVELS percentage 60…100 for area offices). */
export function indicatorInput(fiscalYear: number, s: IndicatorSpec) {
  const method = s.method ?? 'LEVELS';
  return {
    fiscalYear,
    framework: s.framework ?? 'KRS',
    code: s.code,
    nameTh: s.nameTh ?? `ตัวชี้วัด ${s.code} ร้อยละของผลสำเร็จ`,
    nameEn: `Indicator ${s.code}`,
    unit: 'ร้อยละ',
    weight: s.weight,
    target: method === 'LEVELS' ? '100' : null,
    ownerLevel: s.ownerLevel ?? 'AREA_OFFICE',
    measure: s.measure ?? null,
    scoring: {
      method,
      direction: method === 'LEVELS' ? (s.direction ?? 'HIGHER_IS_BETTER') : null,
      thresholds: method === 'LEVELS' ? (s.thresholds ?? ['60', '70', '80', '90', '100']) : null,
      steps: method === 'CHECKLIST' ? (s.steps ?? ['ขั้นที่ 1', 'ขั้นที่ 2', 'ขั้นที่ 3', 'ขั้นที่ 4', 'ขั้นที่ 5']) : null,
    },
  };
}

/** Create indicators as an OBEC administrator; returns their ids by code. */
export async function createCatalogue(
  h: IndicatorsHarness,
  fiscalYear: number,
  specs: IndicatorSpec[],
): Promise<Record<string, string>> {
  const admin = await token('obec-admin', 'OBEC');
  const ids: Record<string, string> = {};
  for (const s of specs) ids[s.code] = ok(await h.q(M.createIndicator, { i: indicatorInput(fiscalYear, s) }, admin)).createIndicator.id;
  return ids;
}

/** Open a round of the fiscal year containing today: from the year's first day to its last. */
export async function openRound(h: IndicatorsHarness, fiscalYear: number, month: number): Promise<void> {
  const { start, end } = fiscalYearRange(fiscalYear);
  ok(
    await h.q(
      M.schedule,
      { i: { fiscalYear, month, opensOn: start, closesOn: end < todayInBangkok() ? todayInBangkok() : end } },
      await token('obec-admin', 'OBEC'),
    ),
  );
}

/** Close a round: a window entirely in the past. */
export async function closeRound(h: IndicatorsHarness, fiscalYear: number, month: number): Promise<void> {
  const { start } = fiscalYearRange(fiscalYear);
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 5);
  ok(
    await h.q(
      M.schedule,
      { i: { fiscalYear, month, opensOn: start, closesOn: d.toISOString().slice(0, 10) } },
      await token('obec-admin', 'OBEC'),
    ),
  );
}

/** Upload a small text evidence file for an organisation as one of its reporters. */
export async function evidenceFor(h: IndicatorsHarness, orgCode: string, reporterToken: string): Promise<string> {
  const content = Buffer.from(`หลักฐานของ ${orgCode}\n`, 'utf8').toString('base64');
  return ok(await h.q(M.upload, { i: { orgCode, fileName: 'หลักฐาน.txt', contentBase64: content } }, reporterToken))
    .uploadIndicatorEvidence.id;
}

export const count = async (h: IndicatorsHarness, sql: string, params: unknown[] = []) =>
  Number((await h.service.dataSource.query(sql, params))[0].n);
