import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import {
  AllocationComputed,
  buildEnvelope,
  DmcSnapshotPublished,
  EnrollmentChanged,
  LetterAcknowledged,
  LetterDispatched,
  StaffAssigned,
  subjectFor,
  type EventContract,
  type PayloadOf,
} from '@smss/events';
import { eventually } from '@smss/testing';
import { ok, startIndicators, THIS_YEAR, token, type IndicatorsHarness, type TestSchool } from './support';

/**
 * Values the platform already holds, over the real broker: other services' events published to
 * JetStream reach this service's durable consumers, which keep the facts the measures are read from —
 * latest snapshot wins, a replayed event counts once, a recomputed allocation replaces the first.
 */

let h: IndicatorsHarness;
let school: TestSchool;
let other: TestSchool;
const AREA = '9601';
const CE = THIS_YEAR - 543; // the calendar year the fiscal year ends in

beforeAll(async () => {
  h = await startIndicators({ consumers: true });
  school = await h.addSchool(AREA);
  other = await h.addSchool(AREA);
}, 60_000);
afterAll(() => h?.stop());

async function publish<C extends EventContract>(contract: C, aggregateId: string, payload: PayloadOf<C>, msgId?: string) {
  const envelope = buildEnvelope(contract, aggregateId, payload);
  const id = msgId ?? envelope.id;
  await jetstream(h.service.nc).publish(subjectFor(contract, aggregateId), JSON.stringify({ ...envelope, id }), { msgID: id });
}

const MEASURE = `query($m: PlatformMeasure!, $o: String!, $fy: Int!) { platformMeasure(measure: $m, orgCode: $o, fiscalYear: $fy) { value basis } }`;
const measure = async (m: string, org: string) =>
  ok(await h.q(MEASURE, { m, o: org, fy: THIS_YEAR }, await token('area-officer', AREA))).platformMeasure as {
    value: string | null;
    basis: number;
  };
const until = (m: string, org: string, value: string) =>
  eventually(async () => (await measure(m, org)).value === value, 20_000);

const snapshot = (students: number, version: number, asOfDate: string) => ({
  snapshotId: randomUUID(),
  roundId: '00000000-0000-4000-8000-000000000001',
  academicYear: THIS_YEAR - 1,
  round: 'TERM2' as const,
  asOfDate,
  schoolId: school.id,
  schoolCode: school.obecCode,
  areaOfficeCode: AREA,
  provinceCode: '96',
  snapshotVersion: version,
  grades: [],
  totalStudents: students,
});

describe('platform measures fed by other subgraphs’ events', () => {
  it('keeps the latest DMC snapshot of the fiscal year as the enrolment', async () => {
    await publish(DmcSnapshotPublished, school.id, snapshot(500, 1, `${CE - 1}-11-10`));
    await until('ENROLMENT', school.obecCode, '500');
    await publish(DmcSnapshotPublished, school.id, snapshot(480, 2, `${CE - 1}-11-10`)); // corrected
    await until('ENROLMENT', school.obecCode, '480');
    await publish(DmcSnapshotPublished, school.id, snapshot(999, 1, `${CE - 1}-10-15`)); // older: ignored
    await publish(DmcSnapshotPublished, other.id, { ...snapshot(120, 1, `${CE - 1}-11-10`), schoolId: other.id, schoolCode: other.obecCode });
    await until('ENROLMENT', AREA, '600');
    expect(await measure('ENROLMENT', school.obecCode)).toEqual({ value: '480', basis: 1 });
  });

  it('counts each drop-out once, even when its event is delivered again, and rates it per 100 students', async () => {
    const dropout = (enrollmentId: string, status: 'DROPPED_OUT' | 'ACTIVE' = 'DROPPED_OUT') => ({
      enrollmentId,
      studentId: randomUUID(),
      schoolId: school.id,
      schoolCode: school.obecCode,
      areaOfficeCode: AREA,
      academicYear: THIS_YEAR - 1,
      gradeLevel: 'P5' as const,
      status,
      change: 'LEFT' as const,
    });
    const twice = randomUUID();
    await publish(EnrollmentChanged, twice, dropout(twice), twice);
    await publish(EnrollmentChanged, twice, dropout(twice)); // a second event for the same enrolment
    await publish(EnrollmentChanged, randomUUID(), dropout(randomUUID()));
    await publish(EnrollmentChanged, randomUUID(), dropout(randomUUID(), 'ACTIVE'));
    await until('DROPOUT_COUNT', school.obecCode, '2');
    expect(await measure('DROPOUT_RATE', school.obecCode)).toEqual({ value: '0.41667', basis: 1 }); // 2 × 100 ÷ 480
  });

  it('counts staff where they are posted now', async () => {
    const posting = (s: TestSchool) => ({
      appointmentId: randomUUID(),
      orgKind: 'SCHOOL' as const,
      schoolId: s.id,
      schoolCode: s.obecCode,
      areaOfficeCode: AREA,
      positionType: 'TEACHER' as const,
      positionNumber: null,
    });
    const [t1, t2] = [randomUUID(), randomUUID()];
    for (const id of [t1, t2])
      await publish(StaffAssigned, id, { staffId: id, kind: 'INITIAL', posting: posting(school), startDate: `${CE - 1}-10-01`, previous: null, orderReference: null });
    await until('STAFF_POSTED', school.obecCode, '2');
    await publish(StaffAssigned, t2, {
      staffId: t2,
      kind: 'TRANSFER',
      posting: posting(other),
      startDate: `${CE - 1}-12-01`,
      previous: { ...posting(school), endDate: `${CE - 1}-11-30` },
      orderReference: 'คำสั่งที่ 1/2569',
    });
    await until('STAFF_POSTED', school.obecCode, '1');
    expect((await measure('STAFF_POSTED', AREA)).value).toBe('2');
  });

  it('replaces an allocation recomputed after a corrected snapshot', async () => {
    const allocation = (total: string, version: number) => ({
      allocationId: randomUUID(),
      schoolId: school.id,
      schoolCode: school.obecCode,
      areaOfficeCode: AREA,
      provinceCode: '96',
      roundId: '00000000-0000-4000-8000-000000000002',
      academicYear: THIS_YEAR - 1,
      round: 'TERM2' as const,
      fiscalYear: THIS_YEAR,
      snapshotId: randomUUID(),
      snapshotVersion: version,
      items: [],
      total,
      previousTotal: null,
      adjustmentId: null,
    });
    await publish(AllocationComputed, school.id, allocation('1000.50', 1));
    await until('ALLOCATION_RECEIVED', school.obecCode, '1000.5');
    await publish(AllocationComputed, school.id, allocation('1200.25', 2));
    await until('ALLOCATION_RECEIVED', school.obecCode, '1200.25');
  });

  it('rates letters acknowledged by their deadline', async () => {
    const due = new Date(Date.now() - 60_000).toISOString();
    const [d1, d2] = [randomUUID(), randomUUID()];
    for (const deliveryId of [d1, d2])
      await publish(LetterDispatched, deliveryId, {
        letterId: randomUUID(),
        deliveryId,
        senderOrgCode: 'OBEC',
        recipientOrgCode: AREA,
        recipientAreaOfficeCode: AREA,
        forwardedFromDeliveryId: null,
        urgency: 'URGENT',
        secrecy: 'NORMAL',
        dueAt: due,
        dispatchedAt: new Date(Date.now() - 3_600_000).toISOString(),
      });
    await publish(LetterAcknowledged, d1, {
      letterId: randomUUID(),
      deliveryId: d1,
      recipientOrgCode: AREA,
      recipientAreaOfficeCode: AREA,
      acknowledgedAt: new Date(Date.now() - 120_000).toISOString(),
      late: false,
    });
    await until('LETTERS_ANSWERED_ON_TIME_RATE', AREA, '50');
  });
});
