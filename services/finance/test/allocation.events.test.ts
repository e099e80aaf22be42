import {
  buildEnvelope,
  DmcSnapshotPublished,
  SchoolUpserted,
  SCHOOLS_STREAM,
  subjectFor,
} from '@smss/events';
import { jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { eventually, tokenFor } from '@smss/testing';
import {
  addSchool,
  grade,
  inboxCount,
  KNOWN_GRADES,
  publishSnapshot,
  snapshotFor,
  startFinance,
  waitForInbox,
  type FinanceHarness,
} from './support';

let h: FinanceHarness;
let obec: string;

beforeAll(async () => {
  // A private NATS: these tests publish on the real subjects (one event breaks its contract on purpose),
  // and nothing of theirs may stay in the shared streams that `npm start` reads from the start.
  h = await startFinance({ privateNats: true });
  obec = await tokenFor('obec-admin', 'OBEC');
});
afterAll(() => h.stop());

const ALLOCATIONS = `query($reps: [_Any!]!, $fy: Int!) { _entities(representations: $reps) { ... on School {
  allocations(fiscalYear: $fy) { id round item amount students snapshotVersion moneySource { code }
    lines { gradeLevel students ratePerYear ratePerRound amount rateVerified } }
  allocationAdjustments(fiscalYear: $fy) { fromSnapshotVersion toSnapshotVersion previousTotal newTotal delta causedByEventId
    items { item previousAmount newAmount delta } } } } }`;

const allocationsOf = async (schoolId: string, fiscalYear: number) => {
  const res = await h.q(
    ALLOCATIONS,
    { reps: [{ __typename: 'School', id: schoolId }], fy: fiscalYear },
    obec,
  );
  expect(res.errors).toBeUndefined();
  return res.data._entities[0];
};

const allocationRows = async (schoolId: string) =>
  h.service.dataSource.query(
    `SELECT id, snapshot_version, total FROM subsidy_allocation WHERE school_id = $1`,
    [schoolId],
  );

const outboxFor = async (allocationId: string) =>
  h.service.dataSource.query(
    `SELECT envelope FROM outbox_event WHERE aggregate_id = $1 AND subject = 'finance.allocation.computed.v1' ORDER BY seq`,
    [allocationId],
  );

describe('subsidy allocation from DMC snapshot events (real NATS JetStream)', () => {
  it('allocates a known term-2 snapshot exactly as worked out by hand, in fiscal year 2569', async () => {
    const school = await addSchool(h);
    const event = await publishSnapshot(h, snapshotFor(school)); // as of 10 Nov 2025 → FY 2569
    await waitForInbox(h, event.id);
    const { allocations } = await allocationsOf(school.id, 2569);
    const byItem = Object.fromEntries(allocations.map((a: any) => [a.item, a.amount]));
    expect(byItem).toEqual({
      TUITION: '90800.00', // K 850×10 + P 950×35 + M1 1,750×15 + M4 1,900×12
      LEARNING_MATERIALS: '13735.00', // K 100×10 + P 195×35 + M1 210×15 + M4 230×12
      STUDENT_ACTIVITIES: '22850.00', // K 215×10 + P 240×35 + M1 440×15 + M4 475×12
      EEF_CONDITIONAL_CASH_TRANSFER: '15000.00', // 1,500 × (2 + 5 + 3); none for M4
    });
    expect(allocations.every((a: any) => a.round === 'TERM2' && a.snapshotVersion === 1)).toBe(true);
    const eef = allocations.find((a: any) => a.item === 'EEF_CONDITIONAL_CASH_TRANSFER');
    expect(eef).toMatchObject({ students: 10, moneySource: { code: 'EEF_CCT' } });
    expect(eef.lines.map((l: any) => [l.gradeLevel, l.students, l.ratePerRound, l.amount])).toEqual([
      ['K2', 2, '1500.00', '3000.00'],
      ['P1', 5, '1500.00', '7500.00'],
      ['M1', 3, '1500.00', '4500.00'],
    ]);
    expect((await allocationRows(school.id))[0].total).toBe('142385.00');
    expect((await allocationsOf(school.id, 2568)).allocations).toEqual([]);
  });

  it('allocates a term-1 snapshot (10 June 2025) in fiscal year 2568 with the yearly textbooks and uniforms', async () => {
    const school = await addSchool(h);
    const event = await publishSnapshot(
      h,
      snapshotFor(school, { round: 'TERM1', asOfDate: '2025-06-10', academicYear: 2568 }),
    );
    await waitForInbox(h, event.id);
    const { allocations } = await allocationsOf(school.id, 2568);
    const byItem = Object.fromEntries(allocations.map((a: any) => [a.item, a.amount]));
    expect(byItem.TEXTBOOKS).toBe('51871.00');
    expect(byItem.UNIFORMS).toBe('28350.00');
    expect((await allocationRows(school.id))[0].total).toBe('222606.00');
  });

  it('applies the same event delivered twice only once (inbox), and never doubles on a republish with a new id', async () => {
    const school = await addSchool(h);
    const payload = snapshotFor(school);
    const event = await publishSnapshot(h, payload);
    await waitForInbox(h, event.id);
    // Same envelope, a different Nats-Msg-Id: JetStream keeps both, the inbox drops the second.
    await publishSnapshot(h, payload, event, `${event.id}-again`);
    // The same snapshot republished as a brand-new event (new id): the version check keeps one allocation.
    const again = await publishSnapshot(h, payload);
    await waitForInbox(h, again.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(await inboxCount(h, event.id)).toBe(1);
    const rows = await allocationRows(school.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].total).toBe('142385.00');
    expect(await outboxFor(rows[0].id)).toHaveLength(1);
    const { allocations, allocationAdjustments } = await allocationsOf(school.id, 2569);
    expect(allocations).toHaveLength(4);
    expect(allocationAdjustments).toEqual([]);
  });

  it('replaces the allocation after a corrected snapshot with exactly one auditable adjustment', async () => {
    const school = await addSchool(h);
    const first = snapshotFor(school);
    const e1 = await publishSnapshot(h, first);
    await waitForInbox(h, e1.id);
    const [before] = await allocationRows(school.id);
    // OBEC reopened the round: P1 had 22 students (not 20), 6 extremely poor (not 5).
    const corrected = {
      ...first,
      snapshotId: randomUUID(),
      snapshotVersion: 2,
      grades: KNOWN_GRADES.map((g) => (g.gradeLevel === 'P1' ? grade('P1', 13, 9, 6) : g)),
    };
    const e2 = await publishSnapshot(h, corrected);
    await waitForInbox(h, e2.id);
    const rows = await allocationRows(school.id);
    expect(rows).toEqual([{ id: before.id, snapshot_version: 2, total: '146655.00' }]);
    const { allocations, allocationAdjustments } = await allocationsOf(school.id, 2569);
    expect(allocations.find((a: any) => a.item === 'TUITION').amount).toBe('92700.00'); // +2 × 950
    expect(allocationAdjustments).toHaveLength(1);
    expect(allocationAdjustments[0]).toMatchObject({
      fromSnapshotVersion: 1,
      toSnapshotVersion: 2,
      previousTotal: '142385.00',
      newTotal: '146655.00',
      delta: '4270.00', // 2 × (950 + 195 + 240) + 1 × 1,500
      causedByEventId: e2.id,
    });
    expect(allocationAdjustments[0].items).toEqual([
      { item: 'TUITION', previousAmount: '90800.00', newAmount: '92700.00', delta: '1900.00' },
      { item: 'LEARNING_MATERIALS', previousAmount: '13735.00', newAmount: '14125.00', delta: '390.00' },
      { item: 'STUDENT_ACTIVITIES', previousAmount: '22850.00', newAmount: '23330.00', delta: '480.00' },
      {
        item: 'EEF_CONDITIONAL_CASH_TRANSFER',
        previousAmount: '15000.00',
        newAmount: '16500.00',
        delta: '1500.00',
      },
    ]);
    // The same correction delivered again, and the old version arriving late: nothing changes.
    await publishSnapshot(h, corrected, e2, `${e2.id}-dup`);
    const late = await publishSnapshot(h, first);
    await waitForInbox(h, late.id);
    expect(await allocationRows(school.id)).toEqual([
      { id: before.id, snapshot_version: 2, total: '146655.00' },
    ]);
    expect((await allocationsOf(school.id, 2569)).allocationAdjustments).toHaveLength(1);
  });

  it('emits finance.allocation.computed with amounts as decimal strings, never JSON numbers', async () => {
    const school = await addSchool(h);
    const first = snapshotFor(school);
    await waitForInbox(h, (await publishSnapshot(h, first)).id);
    const e2 = await publishSnapshot(h, { ...first, snapshotVersion: 2, grades: [grade('P1', 1, 0)] });
    await waitForInbox(h, e2.id);
    const [row] = await allocationRows(school.id);
    const events = (await outboxFor(row.id)).map((r: any) => r.envelope);
    expect(events).toHaveLength(2);
    expect(events[0].payload).toMatchObject({ total: '142385.00', previousTotal: null, adjustmentId: null });
    expect(events[1]).toMatchObject({ type: 'finance.allocation.computed.v1', causationId: e2.id });
    expect(events[1].payload).toMatchObject({
      snapshotVersion: 2,
      total: '1385.00', // P1 × 1: 950 + 195 + 240
      previousTotal: '142385.00',
      items: [
        { item: 'TUITION', students: 1, amount: '950.00' },
        { item: 'LEARNING_MATERIALS', students: 1, amount: '195.00' },
        { item: 'STUDENT_ACTIVITIES', students: 1, amount: '240.00' },
      ],
    });
    expect(typeof events[1].payload.adjustmentId).toBe('string');
    const numbers: string[] = [];
    JSON.stringify(events, (key, value) => {
      if (typeof value === 'number' && /amount|total/i.test(key)) numbers.push(key);
      return value;
    });
    expect(numbers).toEqual([]);
  });

  it('uses a rate an OBEC administrator sets for a fiscal year for snapshots of that year', async () => {
    const set = await h.q(
      `mutation($i: SubsidyRateInput!) { setSubsidyRate(input: $i) { fiscalYear item appliesTo amountPerYear verified } }`,
      {
        i: {
          fiscalYear: 2570,
          item: 'UNIFORMS',
          appliesTo: 'PRIMARY',
          amountPerYear: '385.00',
          schedule: 'ANNUAL_AT_TERM1',
          source: 'test: an announced rate',
          verified: true,
        },
      },
      obec,
    );
    expect(set.errors).toBeUndefined();
    expect(set.data.setSubsidyRate).toMatchObject({ fiscalYear: 2570, amountPerYear: '385.00' });
    const school = await addSchool(h);
    const e = await publishSnapshot(
      h,
      snapshotFor(school, {
        round: 'TERM1',
        asOfDate: '2027-06-10',
        academicYear: 2570,
        grades: [grade('P3', 2, 2)],
      }),
    );
    await waitForInbox(h, e.id);
    const uniforms = (await allocationsOf(school.id, 2570)).allocations.find(
      (a: any) => a.item === 'UNIFORMS',
    );
    expect(uniforms.amount).toBe('1540.00'); // 385 × 4
    expect(uniforms.lines[0]).toMatchObject({ ratePerYear: '385.00', rateVerified: true });
    const rates = await h.q(
      `{ subsidyRates(fiscalYear: 2570) { item appliesTo fiscalYear amountPerYear verified source } }`,
      {},
      obec,
    );
    const uniformRates = rates.data.subsidyRates.filter((r: any) => r.item === 'UNIFORMS');
    expect(uniformRates.find((r: any) => r.appliesTo === 'PRIMARY')).toMatchObject({
      fiscalYear: 2570,
      amountPerYear: '385.00',
    });
    expect(uniformRates.find((r: any) => r.appliesTo === 'UPPER_SECONDARY')).toMatchObject({
      fiscalYear: 2553,
      amountPerYear: '500.00',
      verified: true,
    });
    const changes = await h.service.dataSource.query(
      `SELECT new_amount, changed_by FROM subsidy_rate_change WHERE fiscal_year = 2570`,
    );
    expect(changes).toEqual([{ new_amount: '385.00', changed_by: 'test:obec-admin:OBEC' }]);
  });

  it('rejects a snapshot event that breaks its contract without writing anything', async () => {
    const school = await addSchool(h);
    const payload = snapshotFor(school);
    const envelope = buildEnvelope(DmcSnapshotPublished, school.id, payload);
    const broken = { ...envelope, payload: { ...payload, grades: [{ ...payload.grades[0], male: 1.5 }] } };
    await jetstream(h.service.nc).publish(DmcSnapshotPublished.subject, JSON.stringify(broken), {
      msgID: envelope.id,
    });
    const ok = await publishSnapshot(h, snapshotFor(await addSchool(h)));
    await waitForInbox(h, ok.id);
    expect(await inboxCount(h, envelope.id)).toBe(0);
    expect(await allocationRows(school.id)).toEqual([]);
  });

  it('fills its directory replica from schools.school.upserted events', async () => {
    const id = randomUUID();
    const envelope = buildEnvelope(SchoolUpserted, id, {
      id,
      obecCode: '1016019999',
      smisCode: '16019999',
      nameTh: 'โรงเรียนจากเหตุการณ์',
      nameEn: null,
      areaOfficeCode: '1601',
      provinceCode: '16',
      districtCode: '1601',
      status: 'OPEN',
      schoolType: 'PRIMARY',
      levels: ['PRIMARY'],
      version: 1,
    });
    await jetstream(h.service.nc).publish(subjectFor(SchoolUpserted, id), JSON.stringify(envelope), {
      msgID: envelope.id,
    });
    const row = await eventually(async () => {
      const rows = await h.service.dataSource.query(
        `SELECT * FROM directory_school_replica WHERE school_id = $1`,
        [id],
      );
      return rows[0];
    });
    expect(row).toMatchObject({ obec_code: '1016019999', area_office_code: '1601' });
    expect(SCHOOLS_STREAM).toBe('SCHOOLS');
  });
});
