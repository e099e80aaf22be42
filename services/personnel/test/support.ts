import { randomBytes, randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  buildEnvelope,
  DmcSnapshotPublished,
  SCHOOLS_STREAM,
  SchoolUpserted,
  STUDENTS_STREAM,
  subjectFor,
  type DmcSnapshotPublishedPayload,
  type EventEnvelope,
  type NatsConnection,
  type PayloadOf,
} from '@smss/events';
import { bootService, type OperationLimits, type RunningService } from '@smss/service-kit';
import type { Role } from '@smss/auth';
import {
  eventually,
  gql,
  startTestSubgraph,
  tokenFor,
  type GraphQLResponse,
  type TestDatabase,
} from '@smss/testing';
import type { DemoData } from '../src/environment';
import { createPersonnelService, durableNames } from '../src/server';

export interface PersonnelHarness {
  service: RunningService;
  db: TestDatabase;
  nc: NatsConnection;
  /** POST to the subgraph as the gateway would. */
  q: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<GraphQLResponse<any>>;
  stop: () => Promise<void>;
}

/**
 * A real personnel subgraph on a fresh database, with its own durable consumers (unique names,
 * starting at new messages, deleted on stop) on the shared NATS.
 */
export async function startPersonnel(
  options: { demoData?: DemoData; today?: () => string; limits?: OperationLimits } = {},
): Promise<PersonnelHarness> {
  const prefix = `test-personnel-${randomBytes(4).toString('hex')}`;
  const { limits, ...serviceOptions } = options;
  const names = durableNames(prefix);
  const { service, db, stop } = await startTestSubgraph(
    'personnel',
    (config, logger) =>
      bootService(
        createPersonnelService({ durablePrefix: prefix, deliverPolicy: 'new', ...serviceOptions }),
        { ...config, limits, runRelay: false },
        logger,
      ),
    {
      // Stop consuming and delete this run's durables while NATS is still connected.
      beforeStop: async (running) => {
        for (const consumer of running.consumers) await consumer.stop();
        const jsm = await jetstreamManager(running.nc);
        await jsm.consumers.delete(SCHOOLS_STREAM, names.directory).catch(() => undefined);
        await jsm.consumers.delete(STUDENTS_STREAM, names.dmcSnapshots).catch(() => undefined);
      },
    },
  );
  return {
    service,
    db,
    nc: service.nc,
    q: (query, variables = {}, token) => gql(service.url, query, variables, { token }),
    stop,
  };
}

export type SchoolPayload = PayloadOf<typeof SchoolUpserted>;

/** Random (per suite) codes so concurrent suites on the same NATS never collide. */
export function fakeArea(): string {
  return `9${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
}

let running = 0;
export function fakeSchool(areaOfficeCode: string, overrides: Partial<SchoolPayload> = {}): SchoolPayload {
  running += 1;
  const smis = `${areaOfficeCode}${String(Math.floor(Math.random() * 9000) + 1000 + running).slice(-4)}`;
  return {
    id: randomUUID(),
    obecCode: `${String(Math.floor(Math.random() * 90) + 10)}${smis}`,
    smisCode: smis,
    nameTh: `โรงเรียนทดสอบ${running}`,
    nameEn: null,
    areaOfficeCode,
    provinceCode: areaOfficeCode.slice(0, 2),
    districtCode: `${areaOfficeCode.slice(0, 2)}01`,
    status: 'OPEN',
    schoolType: 'PRIMARY',
    levels: ['PRE_PRIMARY', 'PRIMARY'],
    version: 1,
    ...overrides,
  };
}

/** Publish real `schools.school.upserted` events and wait until the replica holds them. */
export async function replicateSchools(h: PersonnelHarness, schools: SchoolPayload[]): Promise<void> {
  const js = jetstream(h.nc);
  for (const s of schools) {
    const envelope = buildEnvelope(SchoolUpserted, s.id, s);
    await js.publish(subjectFor(SchoolUpserted, s.id), JSON.stringify(envelope), { msgID: envelope.id });
  }
  const ids = schools.map((s) => s.id);
  await eventually(async () => {
    const [{ count }] = await h.service.dataSource.query(
      `SELECT count(*)::int AS count FROM directory_school_replica WHERE school_id = ANY($1::uuid[])`,
      [ids],
    );
    return count === ids.length;
  }, 20_000);
}

/** A DMC snapshot payload for a school with the given pupils per grade (boys/girls split evenly). */
export function snapshotFor(
  school: SchoolPayload,
  pupils: Record<string, number>,
  overrides: Partial<DmcSnapshotPublishedPayload> = {},
): DmcSnapshotPublishedPayload {
  const grades = Object.entries(pupils).map(([gradeLevel, n]) => ({
    gradeLevel: gradeLevel as DmcSnapshotPublishedPayload['grades'][number]['gradeLevel'],
    male: Math.floor(n / 2),
    female: n - Math.floor(n / 2),
    poor: 0,
    extremelyPoor: 0,
    disabled: 0,
    orphan: 0,
    stateless: 0,
    ethnicMinority: 0,
    classrooms: 1,
  }));
  return {
    snapshotId: randomUUID(),
    roundId: randomUUID(),
    academicYear: 2569,
    round: 'TERM1',
    asOfDate: '2026-06-10',
    schoolId: school.id,
    schoolCode: school.obecCode,
    areaOfficeCode: school.areaOfficeCode,
    provinceCode: school.provinceCode,
    snapshotVersion: 1,
    grades,
    totalStudents: Object.values(pupils).reduce((a, b) => a + b, 0),
    ...overrides,
  };
}

/** Publish a REAL DMC snapshot event on NATS (msgID = event id unless given). */
export async function publishSnapshot(
  nc: NatsConnection,
  payload: DmcSnapshotPublishedPayload,
  envelope?: EventEnvelope<DmcSnapshotPublishedPayload>,
  msgID?: string,
): Promise<EventEnvelope<DmcSnapshotPublishedPayload>> {
  const e = envelope ?? buildEnvelope(DmcSnapshotPublished, payload.schoolId, payload);
  await jetstream(nc).publish(DmcSnapshotPublished.subject, JSON.stringify(e), { msgID: msgID ?? e.id });
  return e;
}

export const token = (role: Role, org: string, subject?: string, scopes?: string[]) =>
  tokenFor(role, org, scopes, subject ?? `test:${role}:${org}`);

let seedCounter = Math.floor(Math.random() * 1_000_000) * 100;
/** A fresh synthetic (never real) national ID for test staff. */
export async function nextNationalId(): Promise<string> {
  const { syntheticNationalId } = await import('@smss/thai');
  seedCounter += 1;
  return syntheticNationalId(seedCounter);
}

export const REGISTER = `mutation($i: RegisterStaffInput!) { registerStaff(input: $i) { id nationalId version currentAppointment { id schoolCode } } }`;

/** Register a staff member through the API as OBEC admin; returns the new id. */
export async function registerStaff(
  h: PersonnelHarness,
  adminToken: string,
  posting: { schoolId?: string; areaOfficeCode?: string; positionType: string; startDate?: string },
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await h.q(
    REGISTER,
    {
      i: {
        nationalId: await nextNationalId(),
        title: 'นาง',
        firstNameTh: 'สมศรี',
        lastNameTh: 'ใจดี',
        serviceStartDate: '2015-05-16',
        salary: '32150.00',
        posting,
        ...extra,
      },
    },
    adminToken,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.registerStaff.id;
}
