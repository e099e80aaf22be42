import { jetstream, jetstreamManager, DeliverPolicy } from '@nats-io/jetstream';
import { OutboxRelay, DmcSnapshotPublished, STUDENTS_STREAM } from '@smss/events';
import { testLogger } from '@smss/testing';
import { EEF_RULE } from '../src/modules/eef/eef.scoring';
import { REGISTER, registerInput, startStudents, type StudentsHarness } from './support';

let h: StudentsHarness;
let admin: Awaited<ReturnType<StudentsHarness['as']>>;
let schoolA: Awaited<ReturnType<StudentsHarness['as']>>;
const YEAR = 2568; // a past year: rounds of it can be opened and closed freely in this suite

beforeAll(async () => {
  h = await startStudents();
  admin = await h.as('obec-admin', 'OBEC');
  schoolA = await h.as('school-director', h.schools.a.obecCode);
});
afterAll(() => h.stop());

const reg = (school: string, o: Record<string, unknown>) =>
  admin(REGISTER, { i: registerInput(school, { academicYear: YEAR, startedOn: '2025-05-16', ...o }) });

/** Snapshot events for this round, read from JetStream (what consumers will see). */
async function publishedFor(roundId: string, since: string) {
  const js = jetstream(h.service.nc);
  const oc = await js.consumers.get(STUDENTS_STREAM, {
    filter_subjects: DmcSnapshotPublished.subject,
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: since,
  });
  const out: any[] = [];
  let pending = (await oc.info()).num_pending;
  while (pending > 0) {
    const batch = await oc.fetch({ max_messages: Math.min(pending, 500), expires: 2000 });
    let got = 0;
    for await (const m of batch) {
      got += 1;
      const e = m.json<any>();
      if (e.payload.roundId === roundId) out.push(e);
    }
    if (!got) break;
    pending -= got;
  }
  return out;
}

describe('DMC rounds', () => {
  it('lets only OBEC administrators open a round, once per year and kind', async () => {
    const denied = await schoolA(`mutation { openDmcRound(academicYear: ${YEAR}, round: TERM1) { id } }`);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const opened = await admin(
      `mutation { openDmcRound(academicYear: ${YEAR}, round: TERM1) { id status asOfDate windowStart windowEnd } }`,
    );
    expect(opened.data.openDmcRound).toMatchObject({
      status: 'OPEN',
      asOfDate: '2025-06-10',
      windowStart: '2025-05-16',
      windowEnd: '2025-06-10',
    });
    const again = await admin(`mutation { openDmcRound(academicYear: ${YEAR}, round: TERM1) { id } }`);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('closing a round publishes exactly one snapshot event per school with the right counts', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    // School A: 2 boys + 1 girl in P1, 1 girl in K2; one boy left before 10 June. Extremely poor counts
    // the EEF screening (one boy screened eligible), not the poverty flag (the other boy is only flagged).
    await reg(h.schools.a.obecCode, { gradeLevel: 'P1', birthDate: '2019-01-01', poverty: 'EXTREMELY_POOR' });
    const screened = await reg(h.schools.a.obecCode, { gradeLevel: 'P1', birthDate: '2019-01-01' });
    const eligible = await admin(
      `mutation($i: SubmitEefScreeningInput!) { submitEefScreening(input: $i) { eligible } }`,
      {
        i: {
          studentId: screened.data.registerStudent.id,
          academicYear: YEAR,
          term: 1,
          answers: {
            householdMembers: 4,
            householdMonthlyIncome: '6000.00',
            factors: EEF_RULE.factors.map((f) => ({
              factor: f.key,
              option: f.options[f.options.length - 1]!.key,
            })),
          },
        },
      },
    );
    expect(eligible.data.submitEefScreening).toEqual({ eligible: true });
    await reg(h.schools.a.obecCode, {
      gradeLevel: 'P1',
      birthDate: '2019-01-01',
      prefix: 'เด็กหญิง',
      gender: 'FEMALE',
      classroom: '2',
    });
    await reg(h.schools.a.obecCode, {
      gradeLevel: 'K2',
      birthDate: '2021-01-01',
      prefix: 'เด็กหญิง',
      gender: 'FEMALE',
      disabilityType: 'ออทิสติก',
    });
    const leaver = await reg(h.schools.a.obecCode, { gradeLevel: 'P1', birthDate: '2019-01-01' });
    await admin(`mutation($i: RecordLeavingInput!) { recordLeaving(input: $i) { status } }`, {
      i: { studentId: leaver.data.registerStudent.id, reason: 'MOVED_ABROAD', leftOn: '2025-06-01' },
    });
    // School C (another area): 1 boy in P2 registered after 10 June — not in the round.
    await reg(h.schools.c.obecCode, { gradeLevel: 'P2', birthDate: '2018-01-01', startedOn: '2025-07-01' });
    const [round] = (await admin(`{ dmcRounds(academicYear: ${YEAR}) { id round } }`)).data.dmcRounds;
    const closed = await admin(`mutation($id: ID!) { closeDmcRound(id: $id) { status snapshotCount } }`, {
      id: round.id,
    });
    expect(closed.errors).toBeUndefined();
    expect(closed.data.closeDmcRound).toEqual({ status: 'CLOSED', snapshotCount: 4 });

    await new OutboxRelay(h.service.dataSource, h.service.nc, testLogger()).drain();
    const events = await publishedFor(round.id, since);
    expect(events).toHaveLength(4);
    expect(new Set(events.map((e) => e.payload.schoolId)).size).toBe(4);
    const a = events.find((e) => e.payload.schoolId === h.schools.a.id)!.payload;
    expect(a).toMatchObject({
      academicYear: YEAR,
      round: 'TERM1',
      asOfDate: '2025-06-10',
      snapshotVersion: 1,
      totalStudents: 4,
    });
    expect(a.grades).toEqual([
      {
        gradeLevel: 'K2',
        male: 0,
        female: 1,
        poor: 0,
        extremelyPoor: 0,
        disabled: 1,
        orphan: 0,
        stateless: 0,
        ethnicMinority: 0,
        classrooms: 1,
      },
      {
        gradeLevel: 'P1',
        male: 2,
        female: 1,
        poor: 0,
        extremelyPoor: 1,
        disabled: 0,
        orphan: 0,
        stateless: 0,
        ethnicMinority: 0,
        classrooms: 2,
      },
    ]);
    const c = events.find((e) => e.payload.schoolId === h.schools.c.id)!.payload;
    expect(c.totalStudents).toBe(0);
    for (const e of events) expect(JSON.stringify(e)).not.toMatch(/ธนากร|ศรีทอง|\d{13}/);
  });

  it('refuses edits dated inside a closed round, but allows later ones', async () => {
    const frozen = await reg(h.schools.a.obecCode, {
      gradeLevel: 'P2',
      birthDate: '2018-01-01',
      startedOn: '2025-06-01',
    });
    expect(frozen.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(frozen.errors?.[0]?.extensions?.reason).toBe('DMC_ROUND_CLOSED');
    expect(frozen.errors?.[0]?.extensions?.messageTh).toMatch(/ปิดแล้ว/);
    const later = await reg(h.schools.a.obecCode, {
      gradeLevel: 'P2',
      birthDate: '2018-01-01',
      startedOn: '2025-06-11',
    });
    expect(later.errors).toBeUndefined();
  });

  it('reopening lets OBEC correct the round; closing again publishes version 2 and keeps version 1', async () => {
    const since = new Date().toISOString();
    const [round] = (await admin(`{ dmcRounds(academicYear: ${YEAR}) { id } }`)).data.dmcRounds;
    const noReason = await admin(`mutation($id: ID!) { reopenDmcRound(id: $id, reason: " ") { status } }`, {
      id: round.id,
    });
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const reopened = await admin(
      `mutation($id: ID!) { reopenDmcRound(id: $id, reason: "แก้ไขข้อมูลนักเรียนตกหล่น") { status } }`,
      { id: round.id },
    );
    expect(reopened.data.reopenDmcRound.status).toBe('OPEN');
    const fixed = await reg(h.schools.a.obecCode, {
      gradeLevel: 'P2',
      birthDate: '2018-01-01',
      startedOn: '2025-06-01',
    });
    expect(fixed.errors).toBeUndefined();
    await admin(`mutation($id: ID!) { closeDmcRound(id: $id) { status } }`, { id: round.id });
    await new OutboxRelay(h.service.dataSource, h.service.nc, testLogger()).drain();
    const events = await publishedFor(round.id, since);
    const a = events.filter((e) => e.payload.schoolId === h.schools.a.id);
    expect(a).toHaveLength(1);
    expect(a[0].payload).toMatchObject({ snapshotVersion: 2, totalStudents: 5 });
    const history = await admin(
      `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }]) { ... on School { dmcSnapshots(academicYear: ${YEAR}) { version totalStudents round { round status } } } } }`,
      {
        id: h.schools.a.id,
      },
    );
    expect(history.data._entities[0].dmcSnapshots).toEqual([
      { version: 2, totalStudents: 5, round: { round: 'TERM1', status: 'CLOSED' } },
      { version: 1, totalStudents: 4, round: { round: 'TERM1', status: 'CLOSED' } },
    ]);
  });

  it('sends one small message per school, never one national message', async () => {
    const [row] = await h.service.dataSource.query(
      `SELECT max(octet_length(envelope::text)) AS bytes FROM outbox_event WHERE subject = $1`,
      [DmcSnapshotPublished.subject],
    );
    expect(Number(row.bytes)).toBeLessThan(8 * 1024);
    const jsm = await jetstreamManager(h.service.nc);
    expect((await jsm.streams.info(STUDENTS_STREAM)).config.subjects).toContain('students.>');
  });
});
