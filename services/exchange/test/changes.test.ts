import { randomUUID } from 'node:crypto';
import type { PartnerAgreementClaim } from '@smss/auth';
import {
  buildEnvelope,
  EnrollmentChanged,
  SchoolUpserted,
  StudentChanged,
  type HandlerRegistration,
} from '@smss/events';
import { ok, tokenFor } from '@smss/testing';
import { ChangeRepository } from '../src/modules/changes/change.repository';
import {
  recordChangeWhenEnrollmentChanged,
  recordChangeWhenSchoolUpserted,
  recordChangeWhenStudentChanged,
} from '../src/modules/changes/change.handlers';
import { startExchange, type ExchangeHarness, type TestSchool } from './support';

const FEED = `query($since: String, $types: [ChangeEntityType!], $first: Int) {
  changes(since: $since, types: $types, first: $first) {
    entries { cursor entityType change entityId pseudonym schoolCode student { id } school { id } } endCursor hasMore } }`;
const PARTNER_FEED = `query($since: String, $first: Int) {
  changes(since: $since, first: $first) { entries { cursor entityType change pseudonym student { id } } endCursor hasMore } }`;

let h: ExchangeHarness;
let a: TestSchool;
let b: TestSchool;
let t: Record<'admin' | 'areaA' | 'schoolB' | 'eef' | 'qinfo', string>;
const [s1, s2, s3] = [randomUUID(), randomUUID(), randomUUID()];

const agreement = (partnerCode: string, include: Record<string, string[]>): PartnerAgreementClaim => ({
  id: randomUUID(),
  partnerCode,
  areaOfficeCodes: [a.areaOfficeCode],
  schoolCodes: [],
  include,
  purposes: ['test'],
  keyVersion: 1,
  validTo: '2099-12-31',
});
const EEF_INCLUDE = {
  Student: ['pseudonym'],
  ChangeEntry: ['cursor', 'entityType', 'change', 'pseudonym', 'student'],
};

/** Deliver events to the feed's handlers in one transaction, as the batch consumer does. */
async function deliver(registration: HandlerRegistration, events: Array<ReturnType<typeof buildEnvelope>>) {
  await h.service.dataSource.transaction((m) => registration.handleBatch!(events as never, m));
}
const enrolment = (studentId: string, school: TestSchool, change: 'ENROLLED' | 'TRANSFERRED_OUT' | 'LEFT') =>
  buildEnvelope(EnrollmentChanged, studentId, {
    enrollmentId: randomUUID(),
    studentId,
    schoolId: school.id,
    schoolCode: school.obecCode,
    areaOfficeCode: school.areaOfficeCode,
    academicYear: 2569,
    gradeLevel: 'P1',
    status: change === 'LEFT' ? 'DROPPED_OUT' : change === 'ENROLLED' ? 'ACTIVE' : 'TRANSFERRED_OUT',
    change,
  });
const studentChange = (studentId: string, school: TestSchool, change: 'UPDATED' | 'DELETED') =>
  buildEnvelope(StudentChanged, studentId, {
    studentId,
    change,
    schoolCode: school.obecCode,
    areaOfficeCode: school.areaOfficeCode,
    version: 2,
  });

beforeAll(async () => {
  h = await startExchange();
  a = await h.addSchool('9621');
  b = await h.addSchool('9622');
  t = {
    admin: await tokenFor('obec-admin', 'OBEC'),
    areaA: await tokenFor('area-officer', a.areaOfficeCode),
    schoolB: await tokenFor('school-staff', b.obecCode),
    eef: await tokenFor('partner', 'EEF'),
    qinfo: await tokenFor('partner', 'QINFO'),
  };
  const replayed = enrolment(s1, a, 'ENROLLED');
  await deliver(recordChangeWhenEnrollmentChanged, [replayed, enrolment(s2, b, 'ENROLLED')]);
  await deliver(recordChangeWhenStudentChanged, [studentChange(s1, a, 'UPDATED')]);
  await deliver(recordChangeWhenEnrollmentChanged, [replayed]); // a redelivery is not a second change
  await deliver(recordChangeWhenEnrollmentChanged, [enrolment(s3, a, 'ENROLLED'), enrolment(s1, a, 'LEFT')]);
  await deliver(recordChangeWhenStudentChanged, [studentChange(s3, a, 'DELETED')]);
  await deliver(recordChangeWhenSchoolUpserted, [
    buildEnvelope(SchoolUpserted, a.id, {
      id: a.id,
      obecCode: a.obecCode,
      smisCode: '12345678',
      nameTh: 'โรงเรียนทดสอบ',
      nameEn: null,
      areaOfficeCode: a.areaOfficeCode,
      provinceCode: '96',
      districtCode: '9601',
      status: 'OPEN',
      schoolType: 'PRIMARY',
      levels: ['P1'],
      version: 2,
    }),
  ]);
});
afterAll(() => h?.stop());

describe('the change feed', () => {
  it('gives OBEC every change once, in commit order, with tombstones', async () => {
    const feed = ok(await h.q(FEED, {}, t.admin)).changes;
    expect(feed.entries.map((e: any) => [e.entityType, e.change, e.entityId])).toEqual([
      ['STUDENT', 'ENROLLED', s1],
      ['STUDENT', 'ENROLLED', s2],
      ['STUDENT', 'UPDATED', s1],
      ['STUDENT', 'ENROLLED', s3],
      ['STUDENT', 'LEFT', s1],
      ['STUDENT', 'DELETED', s3],
      ['SCHOOL', 'UPSERTED', a.id],
    ]);
    const positions = feed.entries.map((e: any) => BigInt(e.cursor));
    expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
    expect(feed.entries[5]).toMatchObject({ student: null, pseudonym: null });
    expect(feed.entries[0]).toMatchObject({ student: { id: s1 }, school: null });
    expect(feed.entries[6]).toMatchObject({ school: { id: a.id }, student: null });
    expect(feed).toMatchObject({ hasMore: false, endCursor: feed.entries[6].cursor });
  });

  it('resumes from a cursor page by page, and filters by type', async () => {
    const seen: string[] = [];
    let since: string | undefined;
    for (let page = 0; page < 10; page++) {
      const feed = ok(await h.q(FEED, { since, first: 2 }, t.admin)).changes;
      seen.push(...feed.entries.map((e: any) => `${e.change}:${e.entityId}`));
      since = feed.endCursor;
      if (!feed.hasMore) break;
    }
    expect(seen).toHaveLength(7);
    expect(ok(await h.q(FEED, { since }, t.admin)).changes).toEqual({
      entries: [],
      endCursor: since,
      hasMore: false,
    });
    const schools = ok(await h.q(FEED, { types: ['SCHOOL'] }, t.admin)).changes.entries;
    expect(schools.map((e: any) => e.change)).toEqual(['UPSERTED']);
  });

  it('scopes the feed: an area office its own, a school its own', async () => {
    const area = ok(await h.q(FEED, {}, t.areaA)).changes.entries;
    expect(area.map((e: any) => e.entityId)).toEqual([s1, s1, s3, s1, s3, a.id]);
    const school = ok(await h.q(FEED, {}, t.schoolB)).changes.entries;
    expect(school.map((e: any) => e.entityId)).toEqual([s2]);
  });

  it('gives a partner under an agreement its areas only, by pseudonym (also on tombstones), never the platform id', async () => {
    const eef = agreement('EEF', EEF_INCLUDE);
    const feed = ok(await h.q(PARTNER_FEED, {}, t.eef, eef)).changes;
    expect(feed.entries.map((e: any) => e.change)).toEqual([
      'ENROLLED',
      'UPDATED',
      'ENROLLED',
      'LEFT',
      'DELETED',
      'UPSERTED',
    ]);
    const [first, updated, , , deleted] = feed.entries;
    expect(first.pseudonym).toMatch(/^P[0-9a-f]{24}$/);
    expect(updated.pseudonym).toBe(first.pseudonym);
    expect(deleted).toMatchObject({ student: null, pseudonym: expect.stringMatching(/^P/) });
    // Fields outside the profile: a nullable one is withheld, a non-null one refused.
    const withId = await h.q(`{ changes { entries { entityId occurredAt } } }`, {}, t.eef, eef);
    expect(withId.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(withId)).not.toContain(s1);
    // Another partner's pseudonyms are unrelated.
    const qinfo = ok(await h.q(PARTNER_FEED, {}, t.qinfo, agreement('QINFO', EEF_INCLUDE))).changes.entries;
    expect(qinfo[0].pseudonym).not.toBe(first.pseudonym);
  });

  it('gives a partner nothing without an agreement, or when its profile leaves the feed or students out', async () => {
    expect(ok(await h.q(PARTNER_FEED, {}, t.eef)).changes.entries).toEqual([]);
    const noFeed = agreement('EEF', { Student: ['pseudonym'] });
    expect(ok(await h.q(PARTNER_FEED, {}, t.eef, noFeed)).changes.entries).toEqual([]);
    const schoolsOnly = agreement('EEF', { ChangeEntry: ['cursor', 'entityType', 'change'] });
    const entries = ok(await h.q(`{ changes { entries { entityType change } } }`, {}, t.eef, schoolsOnly))
      .changes.entries;
    expect(entries).toEqual([{ entityType: 'SCHOOL', change: 'UPSERTED' }]);
  });

  it('refuses a cursor it did not give and a page size out of range, in Thai', async () => {
    for (const variables of [{ since: 'abc' }, { first: 0 }, { first: 1001 }]) {
      const r = await h.q(FEED, variables, t.admin);
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(r.errors?.[0]?.extensions?.messageTh).toBe('คำขอฟีดการเปลี่ยนแปลงไม่ถูกต้อง');
    }
  });

  it('takes positions in commit order: a writer waits for the one before it, so a reader never skips a row', async () => {
    const ds = h.service.dataSource;
    const repo = new ChangeRepository(ds);
    const first = ds.createQueryRunner();
    const second = ds.createQueryRunner();
    const change = (id: string) => ({
      eventId: randomUUID(),
      entityType: 'STUDENT' as const,
      entityId: id,
      change: 'UPDATED',
      schoolCode: a.obecCode,
      areaOfficeCode: a.areaOfficeCode,
      occurredAt: new Date().toISOString(),
    });
    const head = await repo.head();
    await first.startTransaction();
    await repo.append(first.manager, [change(s1)]);
    await second.startTransaction();
    const waiting = repo.append(second.manager, [change(s2)]).then(() => second.commitTransaction());
    await new Promise((r) => setTimeout(r, 200));
    // Neither is visible yet: the reader's page ends where it was.
    expect(ok(await h.q(FEED, { since: head }, t.admin)).changes).toMatchObject({
      entries: [],
      endCursor: head,
    });
    await first.commitTransaction();
    await waiting;
    const feed = ok(await h.q(FEED, { since: head }, t.admin)).changes.entries;
    expect(feed.map((e: any) => e.entityId)).toEqual([s1, s2]);
    await first.release();
    await second.release();
  });
});
