import { randomUUID } from 'node:crypto';
import { buildEnvelope, DmcSnapshotPublished, type HandlerRegistration } from '@smss/events';
import { recordEnrolmentWhenDmcSnapshotPublished } from '../src/events/record-enrolment-when-dmc-snapshot-published.handler';
import { recordDropoutWhenEnrollmentChanged } from '../src/events/record-dropout-when-enrollment-changed.handler';
import {
  closeRound,
  codeOf,
  count,
  createCatalogue,
  evidenceFor,
  indicatorInput,
  LAST_YEAR,
  M,
  ok,
  openRound,
  startIndicators,
  THIS_YEAR,
  token,
  type IndicatorsHarness,
  type TestSchool,
} from './support';

let h: IndicatorsHarness;
let school: TestSchool;
let ids: Record<string, string>;
let t: Record<
  'officerA' | 'directorA' | 'directorB' | 'officerB' | 'schoolDirector' | 'schoolStaff' | 'admin' | 'analyst' | 'partner',
  string
>;
let evidenceA: string;

const A = '9101';
const B = '9102';

beforeAll(async () => {
  h = await startIndicators();
  school = await h.addSchool(A);
  await h.addSchool(B);
  ids = await createCatalogue(h, THIS_YEAR, [
    { code: 'K1', weight: '60' },
    { code: 'K2', weight: '30', method: 'CHECKLIST' },
    { code: 'K3', weight: '10', method: 'YES_NO' },
    { code: 'S1', weight: '100', ownerLevel: 'SCHOOL' },
    { code: 'D1', weight: '40', framework: 'ARS', direction: 'LOWER_IS_BETTER', thresholds: ['5', '4', '3', '2', '1'], measure: 'DROPOUT_RATE' },
  ]);
  await openRound(h, THIS_YEAR, 12);
  await openRound(h, THIS_YEAR, 3);
  t = {
    officerA: await token('area-officer', A),
    directorA: await token('area-director', A),
    directorB: await token('area-director', B),
    officerB: await token('area-officer', B),
    schoolDirector: await token('school-director', school.obecCode),
    schoolStaff: await token('school-staff', school.obecCode),
    admin: await token('obec-admin', 'OBEC'),
    analyst: await token('obec-analyst', 'OBEC'),
    partner: await token('partner', 'EEF'),
  };
  evidenceA = await evidenceFor(h, A, t.officerA);
}, 60_000);
afterAll(() => h?.stop());

const input = (over: Record<string, unknown>) => ({
  indicatorId: ids.K1,
  roundMonth: 12,
  orgCode: A,
  narrative: 'ดำเนินการตามแผน',
  evidenceFileIds: [evidenceA],
  reporterName: 'นางสาวทดสอบ ผู้รายงาน',
  reporterPhone: '036 123 456',
  ...over,
});

describe('the approval flow', () => {
  it('lets an area office save a draft and submit it, and its director approve it, each with its event and no personal data in it', async () => {
    const draft = ok(await h.q(M.save, { i: input({ value: '84.21', narrative: null, evidenceFileIds: [] }) }, t.officerA))
      .saveIndicatorResult;
    expect(draft).toMatchObject({ status: 'DRAFT', value: '84.21', score: '3.42100', weightedScore: '2.05260', valueSource: 'TYPED' });
    const submitted = ok(await h.q(M.submit, { i: input({ value: '84.21', expectedVersion: draft.version }) }, t.officerA))
      .submitIndicatorResult;
    expect(submitted).toMatchObject({ id: draft.id, status: 'SUBMITTED', submittedBy: 'test:area-officer:9101' });
    const approved = ok(await h.q(M.approve, { id: draft.id, v: submitted.version }, t.directorA)).approveIndicatorResult;
    expect(approved).toMatchObject({ status: 'APPROVED', decidedBy: 'test:area-director:9101' });

    const events: Array<{ subject: string; envelope: { payload: Record<string, unknown> } }> = await h.service.dataSource.query(
      `SELECT subject, envelope FROM outbox_event WHERE aggregate_id = $1 ORDER BY occurred_at`,
      [draft.id],
    );
    expect(events.map((e) => e.subject)).toEqual(['indicators.result.submitted.v1', 'indicators.result.approved.v1']);
    expect(events[1]!.envelope.payload).toMatchObject({
      resultId: draft.id,
      indicatorCode: 'K1',
      fiscalYear: THIS_YEAR,
      framework: 'KRS',
      roundMonth: 12,
      orgLevel: 'AREA_OFFICE',
      orgCode: A,
      areaOfficeCode: A,
      schoolCode: null,
      value: '84.21',
      score: '3.42100',
      weightedScore: '2.05260',
      approvedBy: 'test:area-director:9101',
    });
    expect(JSON.stringify(events)).not.toMatch(/ทดสอบ ผู้รายงาน|036 123 456|ดำเนินการตามแผน/);
    const history = ok(
      await h.q(`query($id: ID!) { indicatorResult(id: $id) { history { status by comment } } }`, { id: draft.id }, t.directorA),
    ).indicatorResult.history;
    expect(history.map((x: { status: string }) => x.status)).toEqual(['DRAFT', 'SUBMITTED', 'APPROVED']);
  });

  it('returns a result with a comment; the office corrects and submits it again; then it is approved', async () => {
    const first = ok(
      await h.q(M.submit, { i: input({ indicatorId: ids.K2, stepsDone: [1, 2, 4] }) }, t.officerA),
    ).submitIndicatorResult;
    expect(first.score).toBe('2.00000'); // steps 1, 2 in order; 4 does not count without 3
    const returned = ok(await h.q(M.return, { id: first.id, c: 'ขั้นที่ 3 ยังไม่มีหลักฐาน' }, t.directorA)).returnIndicatorResult;
    expect(returned).toMatchObject({ status: 'RETURNED', returnComment: 'ขั้นที่ 3 ยังไม่มีหลักฐาน' });
    const again = ok(await h.q(M.submit, { i: input({ indicatorId: ids.K2, stepsDone: [1, 2, 3, 4] }) }, t.officerA))
      .submitIndicatorResult;
    expect(again).toMatchObject({ status: 'SUBMITTED', score: '4.00000', weightedScore: '1.20000' });
    expect(ok(await h.q(M.approve, { id: first.id }, t.directorA)).approveIndicatorResult.status).toBe('APPROVED');
  });

  it('refuses to change a submitted or approved result, and to approve one that is not submitted', async () => {
    const r = ok(await h.q(M.submit, { i: input({ indicatorId: ids.K3, achieved: true }) }, t.officerA)).submitIndicatorResult;
    expect(r).toMatchObject({ score: '5.00000', weightedScore: '0.50000' });
    const edit = await h.q(M.save, { i: input({ indicatorId: ids.K3, achieved: false }) }, t.officerA);
    expect(codeOf(edit)).toBe('CONFLICT');
    expect(edit.errors?.[0]?.extensions?.messageTh).toMatch(/รอการอนุมัติ/);
    ok(await h.q(M.approve, { id: r.id }, t.directorA));
    expect(codeOf(await h.q(M.approve, { id: r.id }, t.directorA))).toBe('CONFLICT');
    expect(codeOf(await h.q(M.submit, { i: input({ indicatorId: ids.K3, achieved: false }) }, t.officerA))).toBe('CONFLICT');
  });

  it('refuses a stale version with CONFLICT', async () => {
    const d = ok(await h.q(M.save, { i: input({ roundMonth: 3, value: '70' }) }, t.officerA)).saveIndicatorResult;
    ok(await h.q(M.save, { i: input({ roundMonth: 3, value: '71', expectedVersion: d.version }) }, t.officerA));
    const stale = await h.q(M.save, { i: input({ roundMonth: 3, value: '72', expectedVersion: d.version }) }, t.officerA);
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(d.version + 1);
  });
});

describe('who may approve', () => {
  let schoolResult: string;
  beforeAll(async () => {
    const ev = await evidenceFor(h, school.obecCode, t.schoolStaff);
    schoolResult = ok(
      await h.q(
        M.submit,
        { i: input({ indicatorId: ids.S1, orgCode: school.obecCode, value: '95', evidenceFileIds: [ev] }) },
        t.schoolStaff,
      ),
    ).submitIndicatorResult.id;
  });

  it('never lets a school approve, not even its director', async () => {
    const res = await h.q(M.approve, { id: schoolResult }, t.schoolDirector);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/ผู้อำนวยการสำนักงานเขตพื้นที่/);
  });

  it('lets an area director approve only in its own area: elsewhere the result does not exist', async () => {
    const foreign = await h.q(M.approve, { id: schoolResult }, t.directorB);
    const unknown = await h.q(M.approve, { id: randomUUID() }, t.directorB);
    expect(codeOf(foreign)).toBe('NOT_FOUND');
    expect(foreign.errors?.[0]?.extensions?.messageTh).toBe(
      unknown.errors?.[0]?.extensions?.messageTh?.replace(/[0-9a-f-]{36}/, schoolResult),
    );
    expect(JSON.stringify(foreign)).not.toContain(school.obecCode);
  });

  it('refuses area officers, analysts and partners, and the submitter approving their own', async () => {
    expect(codeOf(await h.q(M.approve, { id: schoolResult }, t.officerA))).toBe('FORBIDDEN');
    expect(codeOf(await h.q(M.approve, { id: schoolResult }, t.analyst))).toBe('FORBIDDEN');
    expect(codeOf(await h.q(M.approve, { id: schoolResult }, t.partner))).toBe('NOT_FOUND');
    const own = ok(await h.q(M.submit, { i: input({ roundMonth: 3, value: '90' }) }, t.directorA)).submitIndicatorResult;
    const self = await h.q(M.approve, { id: own.id }, t.directorA);
    expect(codeOf(self)).toBe('FORBIDDEN');
    expect(self.errors?.[0]?.extensions?.messageTh).toMatch(/ผู้ส่งผล/);
    expect(ok(await h.q(M.approve, { id: schoolResult }, t.directorA)).approveIndicatorResult.status).toBe('APPROVED');
  });

  it('lets only the organisation report for itself', async () => {
    expect(codeOf(await h.q(M.save, { i: input({ value: '1' }) }, t.officerB))).toBe('FORBIDDEN');
    expect(codeOf(await h.q(M.save, { i: input({ value: '1' }) }, t.analyst))).toBe('FORBIDDEN');
    expect(codeOf(await h.q(M.save, { i: input({ value: '1', orgCode: '9999' }) }, t.officerA))).toBe('NOT_FOUND');
  });
});

describe('rounds and the catalogue gate submissions', () => {
  it('refuses results in a closed round and submissions before a round opens', async () => {
    const last = await createCatalogue(h, LAST_YEAR, [{ code: 'P1', weight: '100' }]);
    await closeRound(h, LAST_YEAR, 12);
    const closed = await h.q(M.save, { i: input({ indicatorId: last.P1, value: '80' }) }, t.officerA);
    expect(codeOf(closed)).toBe('CONFLICT');
    expect(closed.errors?.[0]?.extensions?.messageTh).toMatch(/ปิดรับผลแล้ว/);
    const next = await createCatalogue(h, THIS_YEAR + 1, [{ code: 'N1', weight: '100' }]);
    const early = await h.q(M.submit, { i: input({ indicatorId: next.N1, roundMonth: 3, value: '80' }) }, t.officerA);
    expect(codeOf(early)).toBe('CONFLICT');
    expect(early.errors?.[0]?.extensions?.messageTh).toMatch(/ยังไม่เปิดรับผล/);
    // A draft may be prepared before the round opens.
    expect(ok(await h.q(M.save, { i: input({ indicatorId: next.N1, roundMonth: 3, value: '80' }) }, t.officerA)).saveIndicatorResult.status).toBe('DRAFT');
  });

  it('refuses submissions while the weights of the catalogue level do not sum to 100', async () => {
    // ARS of this year holds only D1 (40).
    const res = await h.q(M.save, { i: input({ indicatorId: ids.D1 }) }, t.officerA);
    expect(res.errors).toBeUndefined();
    await seedEnrolment(A, 400);
    const sub = await h.q(M.submit, { i: input({ indicatorId: ids.D1 }) }, t.officerA);
    expect(codeOf(sub)).toBe('CONFLICT');
    expect(sub.errors?.[0]?.extensions?.weightTotal).toBe('40.00000');
  });

  it('refuses an indicator that would take a level above 100, a duplicate code, and writers other than OBEC administrators', async () => {
    const over = await h.q(M.createIndicator, { i: indicatorInput(THIS_YEAR, { code: 'K9', weight: '0.00001' }) }, t.admin);
    expect(codeOf(over)).toBe('BAD_USER_INPUT');
    expect(over.errors?.[0]?.extensions?.problems?.[0]).toMatchObject({ field: 'weight' });
    expect(over.errors?.[0]?.extensions?.messageTh).toMatch(/100\.00001 เกิน 100/);
    const dup = await h.q(M.createIndicator, { i: indicatorInput(THIS_YEAR, { code: 'k1', weight: '1', ownerLevel: 'OBEC' }) }, t.admin);
    expect(codeOf(dup)).toBe('CONFLICT');
    for (const who of [t.directorA, t.analyst, t.schoolDirector])
      expect(codeOf(await h.q(M.createIndicator, { i: indicatorInput(THIS_YEAR, { code: 'X1', weight: '1', ownerLevel: 'OBEC' }) }, who))).toBe('FORBIDDEN');
  });
});

/** Enrolment facts for a whole area, as the DMC snapshot consumer records them. */
async function seedEnrolment(area: string, students: number): Promise<void> {
  const [s] = await h.service.dataSource.query(
    `SELECT school_id, obec_code FROM directory_school_replica WHERE area_office_code = $1 LIMIT 1`,
    [area],
  );
  const envelope = buildEnvelope(DmcSnapshotPublished, s.school_id, {
    snapshotId: randomUUID(),
    roundId: randomUUID(),
    academicYear: THIS_YEAR - 1,
    round: 'TERM2',
    asOfDate: `${THIS_YEAR - 544}-11-10`,
    schoolId: s.school_id,
    schoolCode: s.obec_code,
    areaOfficeCode: area,
    provinceCode: area.slice(0, 2),
    snapshotVersion: 1,
    grades: [],
    totalStudents: students,
  });
  await h.service.dataSource.transaction((m) =>
    (recordEnrolmentWhenDmcSnapshotPublished as HandlerRegistration).handle(envelope as never, m),
  );
}

describe('values the platform already holds', () => {
  it('takes a bound indicator’s value from the platform measure, never from the form', async () => {
    const typed = await h.q(M.save, { i: input({ indicatorId: ids.D1, value: '2.5' }) }, t.officerA);
    expect(codeOf(typed)).toBe('BAD_USER_INPUT');
    expect(typed.errors?.[0]?.extensions?.problems?.[0]?.field).toBe('value');
    // 400 students (seeded above) and 10 drop-outs: 2.5 per 100 → between levels 3 and 4: 3.5.
    const [s] = await h.service.dataSource.query(`SELECT obec_code FROM directory_school_replica WHERE area_office_code = $1 LIMIT 1`, [A]);
    for (let i = 0; i < 10; i += 1)
      await h.service.dataSource.transaction((m) =>
        (recordDropoutWhenEnrollmentChanged as HandlerRegistration).handle(
          {
            id: randomUUID(),
            type: 'students.enrollment.changed.v1',
            aggregateId: randomUUID(),
            occurredAt: new Date().toISOString(),
            correlationId: 'test',
            causationId: null,
            payload: {
              enrollmentId: randomUUID(),
              studentId: randomUUID(),
              schoolId: randomUUID(),
              schoolCode: s.obec_code,
              areaOfficeCode: A,
              academicYear: THIS_YEAR - 1,
              gradeLevel: 'P4',
              status: 'DROPPED_OUT',
              change: 'LEFT',
            },
          },
          m,
        ),
      );
    const measure = ok(
      await h.q(
        `query($o: String!, $fy: Int!) { platformMeasure(measure: DROPOUT_RATE, orgCode: $o, fiscalYear: $fy) { value basis } }`,
        { o: A, fy: THIS_YEAR },
        t.officerA,
      ),
    ).platformMeasure;
    expect(measure).toEqual({ value: '2.5', basis: 1 });
    const saved = ok(await h.q(M.save, { i: input({ indicatorId: ids.D1 }) }, t.officerA)).saveIndicatorResult;
    expect(saved).toMatchObject({ value: '2.5', valueSource: 'PLATFORM', score: '3.50000', weightedScore: '1.40000' });
    expect(
      ok(
        await h.q(
          `query($o: String!, $fy: Int!) { platformMeasure(measure: DROPOUT_RATE, orgCode: $o, fiscalYear: $fy) { value } }`,
          { o: A, fy: THIS_YEAR },
          t.officerB,
        ),
      ).platformMeasure,
    ).toBeNull();
  });
});

describe('bad input', () => {
  it.each([
    ['a number where a Quantity string belongs', { value: 84.21 }, 'value'],
    ['a value with six decimals', { value: '1.123456' }, 'value'],
    ['a value for a checklist indicator', { indicatorId: 'K2', value: '3' }, 'value'],
    ['steps beyond the checklist', { indicatorId: 'K2', stepsDone: [1, 6] }, 'stepsDone'],
    ['a round that is not 3, 6, 9 or 12', { roundMonth: 7 }, 'roundMonth'],
    ['a school reporting an area office’s indicator', { orgCode: 'SCHOOL' }, 'orgCode'],
    ['a malformed indicator id', { indicatorId: 'nope' }, 'indicatorId'],
    ['projects on a KRS result', { projectIds: [randomUUID()] }, 'projectIds'],
  ])('answers %s with BAD_USER_INPUT naming the field in Thai', async (_what, over, field) => {
    const given: Record<string, unknown> = { ...over };
    if (typeof given.indicatorId === 'string' && ids[given.indicatorId]) given.indicatorId = ids[given.indicatorId];
    const asSchool = given.orgCode === 'SCHOOL';
    if (asSchool) given.orgCode = school.obecCode;
    const before = await count(h, `SELECT count(*) AS n FROM indicator_result`);
    const res = await h.q(
      M.submit,
      { i: input({ value: '80', roundMonth: 3, ...given }) },
      asSchool ? t.schoolStaff : t.officerA,
    );
    expect(res.status).toBeLessThan(500);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    expect(res.errors?.[0]?.extensions?.problems?.map((p: { field: string }) => p.field)).toContain(field);
    expect(await count(h, `SELECT count(*) AS n FROM indicator_result`)).toBe(before);
  });

  it('lists a missing narrative and missing evidence together when submitting', async () => {
    const res = await h.q(M.submit, { i: input({ roundMonth: 6, value: '80', narrative: ' ', evidenceFileIds: [] }) }, t.officerA);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.problems.map((p: { field: string }) => p.field).sort()).toEqual([
      'evidenceFileIds',
      'narrative',
    ]);
  });

  it('refuses another organisation’s evidence as if it did not exist', async () => {
    const foreign = await evidenceFor(h, B, t.officerB);
    const res = await h.q(M.submit, { i: input({ roundMonth: 6, value: '80', evidenceFileIds: [foreign] }) }, t.officerA);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.problems?.[0]?.field).toBe('evidenceFileIds');
  });
});

describe('evidence files', () => {
  it('takes an upload through the route, checks its content against its name, and serves it to who may see the office', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
    const up = await h.route('POST', `/upload/indicators?orgCode=${A}&fileName=${encodeURIComponent('รายงานการประชุม.pdf')}`, {
      token: t.officerA,
      body: pdf,
      contentType: 'application/pdf',
    });
    expect(up.status).toBe(201);
    const file = (await up.json()) as { id: string; contentType: string; byteSize: number; downloadPath: string };
    expect(file).toMatchObject({ contentType: 'application/pdf', byteSize: pdf.length });
    const mine = await h.route('GET', file.downloadPath, { token: t.directorA });
    expect(mine.status).toBe(200);
    expect(Buffer.from(await mine.arrayBuffer()).equals(pdf)).toBe(true);
    expect(mine.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('รายงานการประชุม.pdf')}`);
    const aroundTheGateway = await fetch(`${h.base}${file.downloadPath}`, { headers: { authorization: `Bearer ${t.directorA}` } });
    expect(aroundTheGateway.status).toBe(403);
    const other = await h.route('GET', file.downloadPath, { token: t.officerB });
    const unknown = await h.route('GET', `/download/indicators/evidence/${randomUUID()}`, { token: t.officerB });
    expect([other.status, unknown.status]).toEqual([404, 404]);
    expect(((await other.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
    const renamed = await h.route('POST', `/upload/indicators?orgCode=${A}&fileName=x.pdf`, {
      token: t.officerA,
      body: Buffer.from('MZ\u0090\u0000 not a pdf', 'latin1'),
    });
    expect(renamed.status).toBe(400);
    expect(((await renamed.json()) as any).errors[0].extensions.messageTh).toMatch(/ไม่ตรงกับชนิดไฟล์/);
    const exe = await h.q(M.upload, { i: { orgCode: A, fileName: 'setup.exe', contentBase64: 'TVqQAAMAAAAEAAAA' } }, t.officerA);
    expect(codeOf(exe)).toBe('BAD_USER_INPUT');
  });
});

describe('the catalogue', () => {
  it('scores every result again when an indicator changes, and refuses a stale version', async () => {
    const cat = await createCatalogue(h, THIS_YEAR + 2, [{ code: 'R1', weight: '100' }]);
    await h.service.dataSource.query(
      `INSERT INTO indicator_result (indicator_id, round_id, org_level, org_code, area_office_code, status, value, score,
                                     weighted_score, created_by)
       SELECT $1, id, 'AREA_OFFICE', $2, $2, 'APPROVED', 75, 2.5, 2.5, 'test' FROM reporting_round
        WHERE fiscal_year = $3 AND month = 12`,
      [cat.R1, A, THIS_YEAR + 2],
    );
    const [{ version }] = await h.service.dataSource.query(`SELECT version FROM indicator WHERE id = $1`, [cat.R1]);
    const changed = ok(
      await h.q(
        M.updateIndicator,
        { id: cat.R1, i: { expectedVersion: version, scoring: { method: 'LEVELS', direction: 'HIGHER_IS_BETTER', thresholds: ['50', '60', '70', '80', '90'] } } },
        t.admin,
      ),
    ).updateIndicator;
    expect(changed.version).toBe(version + 1);
    const [r] = await h.service.dataSource.query(
      `SELECT score::text, weighted_score::text AS w FROM indicator_result WHERE indicator_id = $1`,
      [cat.R1],
    );
    expect(r).toEqual({ score: '3.50000', w: '3.50000' }); // 3 + (75 − 70) ÷ 10
    const stale = await h.q(M.updateIndicator, { id: cat.R1, i: { expectedVersion: version, weight: '50' } }, t.admin);
    expect(codeOf(stale)).toBe('CONFLICT');
    // An id that is no UUID (found by the fuzzer) is an unknown indicator, not an internal error.
    const malformed = await h.q(M.updateIndicator, { id: '0000-00-00', i: { expectedVersion: 1, weight: '50' } }, t.admin);
    expect(codeOf(malformed)).toBe('NOT_FOUND');
  });

  it('copies a year’s catalogue to the next with its rounds, and refuses a second copy', async () => {
    const COPY = `mutation($f: Int!, $t: Int!) { copyIndicatorCatalogue(fromFiscalYear: $f, toFiscalYear: $t, framework: KRS) {
      copied indicators { code fiscalYear weight scoring { method thresholds } } } }`;
    const copy = ok(await h.q(COPY, { f: THIS_YEAR, t: THIS_YEAR + 3 }, t.admin)).copyIndicatorCatalogue;
    expect(copy.copied).toBe(4);
    expect(copy.indicators.map((i: { code: string }) => i.code)).toEqual(['K1', 'K2', 'K3', 'S1']);
    expect(copy.indicators[0]).toMatchObject({ fiscalYear: THIS_YEAR + 3, weight: '60.00000' });
    const rounds = ok(await h.q(`query($y: Int!) { reportingRounds(fiscalYear: $y) { month opensOn closesOn } }`, { y: THIS_YEAR + 3 }, t.partner))
      .reportingRounds;
    expect(rounds.map((r: { month: number }) => r.month)).toEqual([3, 6, 9, 12]);
    expect(codeOf(await h.q(COPY, { f: THIS_YEAR, t: THIS_YEAR + 3 }, t.admin))).toBe('CONFLICT');
  });
});
