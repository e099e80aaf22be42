import { writeXlsx } from '@smss/files';
import { NutritionSummarised, type NutritionSummarisedPayload } from '@smss/events';
import { gql } from '@smss/testing';
import { NATIONAL_ID_ERROR_MESSAGES } from '@smss/thai';
import { assessNutrition } from '../src/modules/health/growth-reference';
import { nextNationalId, REGISTER, registerInput, startStudents, type StudentsHarness } from './support';

/*
 * Health (Students II) against a real PostgreSQL: recording, the nutrition status on the shipped WHO 2007
 * reference, history on re-recording, the School Health Hero-style importer, summaries with small cells,
 * and who may read and write what. Worked z-score examples by hand are in growth-reference.spec.ts.
 */

let h: StudentsHarness;
const ids: Record<string, string> = {};
const nids: Record<string, string> = {};
let otherSchoolNid: string;

const RECORD = `mutation($i: RecordHealthMeasurementInput!) { recordHealthMeasurement(input: $i) {
  id nutritionStatus(academicYear: 2569, term: 1) { measuredOn weightKg heightCm ageMonths bmi weightForAgeZ heightForAgeZ bmiForAgeZ
    weightForAge weightForAgeTh heightForAge heightForAgeTh weightForHeight weightForHeightTh reference } } }`;
const STATUS = `query($id: ID!, $t: Int!) { student(id: $id) { id nutritionStatus(academicYear: 2569, term: $t) {
  weightKg heightCm weightForHeight weightForHeightTh heightForAge } } }`;
const SCHOOL_SUMMARY = `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }, { __typename: "AreaOffice", code: "1601" }]) {
  ... on School { nutritionSummary(academicYear: 2569, term: 1) { measured assessed thin somewhatThin short plump overweight obese thinRate shortRate overweightOrObeseRate } }
  ... on AreaOffice { nutritionSummary(academicYear: 2569, term: 1) { measured thin short obese } } } }`;
const IMPORT = `mutation($i: ImportHealthMeasurementsInput!) { importHealthMeasurements(input: $i) {
  rowsRead recorded replaced unchanged errors { row column messageEn messageTh } } }`;

// Boys born 2017-03-04, measured 2026-06-10: 3385 days / 30.4375 = 111.21 months (P3 in 2569).
const measure = (key: string, weightKg: number, heightCm: number, extra: Record<string, unknown> = {}) => ({
  studentId: ids[key],
  academicYear: 2569,
  term: 1,
  measuredOn: '2026-06-10',
  weightKg,
  heightCm,
  ...extra,
});

const rowsOf = (studentId: string) =>
  h.service.dataSource.query(
    `SELECT term, weight_kg::text AS w, height_cm::text AS h, superseded_at IS NOT NULL AS old, superseded_by
       FROM health_measurement WHERE student_id = $1 ORDER BY recorded_at, id`,
    [studentId],
  );

beforeAll(async () => {
  h = await startStudents();
  const admin = await h.as('obec-admin', 'OBEC');
  for (const key of ['thin', 'short', 'obese', 'normal', 'imp1', 'imp2', 'imp3']) {
    const input = registerInput(h.schools.a.obecCode);
    nids[key] = input.nationalId as string;
    const res = await admin(REGISTER, { i: input });
    ids[key] = res.data.registerStudent.id;
  }
  const other = registerInput(h.schools.c.obecCode);
  otherSchoolNid = other.nationalId as string;
  ids.other = (await admin(REGISTER, { i: other })).data.registerStudent.id;
});
afterAll(() => h.stop());

describe('recording a measurement', () => {
  it('computes the three statuses on the shipped reference and answers them with Thai labels', async () => {
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    const res = await staff(RECORD, { i: measure('thin', 19, 135) });
    expect(res.errors).toBeUndefined();
    const s = res.data.recordHealthMeasurement.nutritionStatus;
    const expected = assessNutrition({
      sex: 'MALE',
      birthDate: '2017-03-04',
      measuredOn: '2026-06-10',
      weightKg: 19,
      heightCm: 135,
    });
    expect(s).toMatchObject({
      measuredOn: '2026-06-10',
      weightKg: 19,
      heightCm: 135,
      ageMonths: 111.21,
      bmi: 10.43, // 19 / 1.35² = 10.425
      weightForHeight: 'THIN',
      weightForHeightTh: 'ผอม',
      heightForAge: expected.heightForAge,
      weightForAge: expected.weightForAge,
    });
    expect(s.heightForAgeZ).toBeCloseTo(expected.heightForAgeZ!, 3);
    expect(s.bmiForAgeZ).toBeCloseTo(expected.bmiForAgeZ!, 3);
    expect(s.reference).toBe('WHO2007-LMS+DOH-SD-CUTOFFS/v1');
  });

  it('finds short and obese children', async () => {
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    const short = await staff(RECORD, { i: measure('short', 22, 118) });
    expect(short.data.recordHealthMeasurement.nutritionStatus).toMatchObject({
      heightForAge: 'SHORT',
      heightForAgeTh: 'เตี้ย',
    });
    const obese = await staff(RECORD, { i: measure('obese', 55, 135) });
    expect(obese.data.recordHealthMeasurement.nutritionStatus).toMatchObject({
      weightForHeight: 'OBESE',
      weightForHeightTh: 'อ้วน',
    });
    const normal = await staff(RECORD, { i: measure('normal', 29, 134) });
    expect(normal.data.recordHealthMeasurement.nutritionStatus).toMatchObject({
      weightForHeight: 'NORMAL',
      weightForHeightTh: 'สมส่วน',
      heightForAge: 'NORMAL',
    });
  });

  it.each([
    ['a weight under 5 kg', { weightKg: 4.9 }, 'weightKg', 'น้ำหนักต้องอยู่ระหว่าง 5–200 กก.'],
    ['a weight over 200 kg', { weightKg: 200.5 }, 'weightKg', 'น้ำหนัก'],
    ['three decimals of weight', { weightKg: 30.125 }, 'weightKg', 'ทศนิยมไม่เกิน 2 ตำแหน่ง'],
    ['a height under 50 cm', { heightCm: 49 }, 'heightCm', 'ส่วนสูงต้องอยู่ระหว่าง 50–220 ซม.'],
    ['a height over 220 cm', { heightCm: 221 }, 'heightCm', 'ส่วนสูง'],
    ['a date in the future', { measuredOn: '2099-01-01' }, 'measuredOn', 'อนาคต'],
    ['a date outside the academic year', { measuredOn: '2026-05-01' }, 'measuredOn', 'ไม่อยู่ในปีการศึกษา 2569'],
    ['a date that is not one', { measuredOn: '2026-02-30' }, 'measuredOn', 'ไม่ใช่วันที่'],
    ['term 3', { term: 3 }, 'term', 'ภาคเรียนต้องเป็น 1 หรือ 2'],
  ])('refuses %s with BAD_USER_INPUT in Thai and writes nothing', async (_, extra, field, th) => {
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    const before = (await rowsOf(ids.normal!)).length;
    const res = await staff(RECORD, { i: measure('normal', 30, 134, extra) });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(res.errors?.[0]?.extensions?.messageTh).toContain(th);
    expect((res.errors?.[0]?.extensions?.problems as Array<{ field: string }>).map((p) => p.field)).toContain(
      field,
    );
    expect((await rowsOf(ids.normal!)).length).toBe(before);
  });

  it('keeps the earlier values as history when re-recorded, and changes nothing for the same values', async () => {
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    await staff(RECORD, { i: measure('imp3', 30, 130) });
    await staff(RECORD, { i: measure('imp3', 30, 130) });
    expect(await rowsOf(ids.imp3!)).toEqual([
      { term: 1, w: '30.00', h: '130.0', old: false, superseded_by: null },
    ]);
    await staff(RECORD, { i: measure('imp3', 31.5, 130.5) });
    const rows = await rowsOf(ids.imp3!);
    expect(rows.map((r: { w: string; old: boolean }) => [r.w, r.old])).toEqual([
      ['30.00', true],
      ['31.50', false],
    ]);
    const [current] = await h.service.dataSource.query(
      `SELECT id FROM health_measurement WHERE student_id = $1 AND superseded_at IS NULL`,
      [ids.imp3],
    );
    expect(rows[0].superseded_by).toBe(current.id);
  });

  it('refuses another school, an unknown student, a partner and an analyst with the same NOT_FOUND, writing nothing', async () => {
    for (const [role, org] of [
      ['school-staff', h.schools.c.obecCode],
      ['area-officer', '1602'],
      ['partner', 'EEF'],
      ['obec-analyst', 'OBEC'],
    ] as const) {
      const run = await h.as(role, org);
      const res = await run(RECORD, { i: measure('normal', 30, 134, { measuredOn: '2026-06-11' }) });
      expect([role, res.errors?.[0]?.extensions?.code]).toEqual([role, 'NOT_FOUND']);
      expect(JSON.stringify(res.errors)).not.toContain(h.schools.a.obecCode);
    }
    const unknown = await (
      await h.as('school-staff', h.schools.c.obecCode)
    )(RECORD, {
      i: { ...measure('normal', 30, 134), studentId: '0190c0de-0000-7000-8000-000000000000' },
    });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(unknown.errors?.[0]?.message).toBe(
      (await (await h.as('school-staff', h.schools.c.obecCode))(RECORD, { i: measure('normal', 30, 134) }))
        .errors?.[0]?.message,
    );
    const rows = await rowsOf(ids.normal!);
    expect(rows.filter((r: { old: boolean }) => !r.old).map((r: { w: string }) => r.w)).toEqual(['29.00']);
  });

  it('lets the area office of the school record', async () => {
    const area = await h.as('area-officer', '1601');
    const res = await area(RECORD, { i: measure('normal', 29, 134, { term: 2, measuredOn: '2026-11-20' }) });
    expect(res.errors).toBeUndefined();
  });
});

describe('recording a classroom at once', () => {
  const BATCH = `mutation($i: RecordHealthMeasurementsInput!) { recordHealthMeasurements(input: $i) { recorded replaced unchanged } }`;
  const entry = (key: string, weightKg: number, heightCm: number) => ({
    studentId: ids[key],
    measuredOn: '2026-11-20',
    weightKg,
    heightCm,
  });

  it('writes every entry in one go, or none: a bad entry is named, a child not yours refuses the whole call', async () => {
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    const bad = await staff(BATCH, {
      i: { academicYear: 2569, term: 2, measurements: [entry('thin', 20, 136), entry('short', 300, 119)] },
    });
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [expect.objectContaining({ field: 'measurements[1].weightKg' })],
    });
    const foreign = await staff(BATCH, {
      i: { academicYear: 2569, term: 2, measurements: [entry('thin', 20, 136), entry('other', 25, 120)] },
    });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(
      await h.service.dataSource.query(
        `SELECT 1 FROM health_measurement WHERE term = 2 AND student_id = ANY($1::uuid[])`,
        [[ids.thin, ids.short]],
      ),
    ).toEqual([]);
    const ok = await staff(BATCH, {
      i: { academicYear: 2569, term: 2, measurements: [entry('thin', 20, 136), entry('short', 23, 119)] },
    });
    expect(ok.data.recordHealthMeasurements).toEqual({ recorded: 2, replaced: 0, unchanged: 0 });
    const again = await staff(BATCH, {
      i: { academicYear: 2569, term: 2, measurements: [entry('thin', 20, 136), entry('short', 23.5, 119)] },
    });
    expect(again.data.recordHealthMeasurements).toEqual({ recorded: 0, replaced: 1, unchanged: 1 });
  });
});

describe('reading the nutrition status (sensitive)', () => {
  it('answers the school with pii:read and audits the read', async () => {
    await h.service.dataSource.query(`DELETE FROM personal_data_access`);
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    const res = await staff(STATUS, { id: ids.thin, t: 1 });
    expect(res.data.student.nutritionStatus).toMatchObject({ weightKg: 19, weightForHeight: 'THIN' });
    const audit = await h.service.dataSource.query(
      `SELECT record_type, record_id, fields FROM personal_data_access WHERE subject = $1`,
      [`test:school-staff:${h.schools.a.obecCode}`],
    );
    const fields = audit.flatMap((a: { fields: string[] }) => a.fields);
    expect(
      audit.every(
        (a: { record_type: string; record_id: string }) =>
          a.record_type === 'Student' && a.record_id === ids.thin,
      ),
    ).toBe(true);
    expect(fields).toEqual(
      expect.arrayContaining([
        'nutritionStatus',
        'NutritionStatus.weightKg',
        'NutritionStatus.weightForHeight',
      ]),
    );
  });

  it('withholds it without pii:read (school staff without the scope, the OBEC analyst) and audits nothing', async () => {
    await h.service.dataSource.query(`DELETE FROM personal_data_access`);
    for (const run of [
      await h.as('school-staff', h.schools.a.obecCode, []),
      await h.as('obec-analyst', 'OBEC'),
    ]) {
      const res = await run(STATUS, { id: ids.thin, t: 1 });
      expect(res.errors).toBeUndefined();
      expect(res.data.student).toMatchObject({ id: ids.thin, nutritionStatus: null });
    }
    expect(await h.service.dataSource.query(`SELECT 1 FROM personal_data_access`)).toEqual([]);
  });

  it('hides the child from another school, another area and partners (through student and _entities alike)', async () => {
    const ENTITY = `query($id: ID!) { _entities(representations: [{ __typename: "Student", id: $id }]) {
      ... on Student { nutritionStatus(academicYear: 2569, term: 1) { weightKg } } } }`;
    for (const [role, org] of [
      ['school-staff', h.schools.c.obecCode],
      ['area-officer', '1602'],
      ['partner', 'EEF'],
    ] as const) {
      const run = await h.as(role, org, role === 'partner' ? ['aggregates:read', 'pii:read'] : undefined);
      expect((await run(STATUS, { id: ids.thin, t: 1 })).data.student).toBeNull();
      expect((await run(ENTITY, { id: ids.thin })).data._entities).toEqual([null]);
    }
  });

  it('answers null for a term with no measurement', async () => {
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    expect((await staff(STATUS, { id: ids.obese, t: 2 })).data.student.nutritionStatus).toBeNull();
  });
});

describe('the School Health Hero-style importer', () => {
  const thai = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0e50 + Number(d)));

  it('imports a messy Thai file: Thai digits, B.E. dates, units, a decimal comma; row errors in both languages; no oracle', async () => {
    await h.service.dataSource.query(`DELETE FROM personal_data_access`);
    const badCheck = nids.imp1!.slice(0, 12) + String((Number(nids.imp1!.slice(12)) + 1) % 10);
    const unknown = nextNationalId();
    const lines = [
      'ลำดับ,เลขประจำตัวประชาชน,ชื่อ,น้ำหนัก (กก.),ส่วนสูง (ซม.),วันที่ชั่ง/วัด',
      `1,${thai(nids.imp1!)},ก,${thai('25.5')},${thai('130')},${thai('10/06/2569')}`, // row 2: ok
      `2,${nids.imp2!.replace(/^(\d)(\d{4})(\d{5})(\d{2})(\d)$/, '$1-$2-$3-$4-$5')},ข,"27,3",128.5 ซม.,2026-06-12`, // row 3: ok (dashes, comma, unit)
      `3,${badCheck},ค,25,130,10/06/2569`, // row 4: check digit
      `4,${nids.imp3!},ง,abc,300,10/06/2569`, // row 5: weight not a number, height out of range
      `5,${nids.imp1!},จ,26,131,11/06/2569`, // row 6: duplicate of row 2
      `6,${otherSchoolNid},ฉ,25,130,10/06/2569`, // row 7: another school's child
      `7,${unknown},ช,25,130,10/06/2569`, // row 8: unknown: the same message
      `8,${nids.normal!},ซ,25,130,01/01/2600`, // row 9: future date
      ',,,,,',
    ];
    const file = Buffer.from('\uFEFF' + lines.join('\r\n'), 'utf8');
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    const res = await staff(IMPORT, {
      i: {
        schoolCode: h.schools.a.obecCode,
        academicYear: 2569,
        term: 1,
        fileName: 'shh.csv',
        contentBase64: file.toString('base64'),
      },
    });
    expect(res.errors).toBeUndefined();
    const report = res.data.importHealthMeasurements;
    expect(report).toMatchObject({ rowsRead: 8, recorded: 2, replaced: 0, unchanged: 0 });
    const byRow = (row: number) => report.errors.filter((e: { row: number }) => e.row === row);
    expect(byRow(4)).toEqual([
      expect.objectContaining({
        column: 'เลขประจำตัวประชาชน',
        messageEn: NATIONAL_ID_ERROR_MESSAGES.BAD_CHECK_DIGIT.messageEn,
        messageTh: NATIONAL_ID_ERROR_MESSAGES.BAD_CHECK_DIGIT.messageTh,
      }),
    ]);
    expect(
      byRow(5)
        .map((e: { column: string }) => e.column)
        .sort(),
    ).toEqual(['ส่วนสูง (ซม.)', 'น้ำหนัก (กก.)'].sort());
    expect(byRow(6)).toEqual([
      expect.objectContaining({ messageEn: 'duplicate of row 2', messageTh: 'ซ้ำกับแถวที่ 2' }),
    ]);
    expect(byRow(7)).toEqual(byRow(8).map((e: { row: number }) => ({ ...e, row: 7 })));
    expect(byRow(7)[0]).toMatchObject({ messageTh: 'ไม่ใช่นักเรียนของโรงเรียนนี้ (ไม่พบ หรือเป็นนักเรียนของที่อื่น)' });
    expect(byRow(9)).toEqual([
      expect.objectContaining({ column: 'วันที่ชั่ง/วัด', messageTh: 'วันที่ชั่ง/วัดเป็นวันในอนาคต' }),
    ]);
    for (const e of report.errors)
      expect([e.messageEn.length > 0, e.messageTh.length > 0]).toEqual([true, true]);
    expect(JSON.stringify(report)).not.toContain(h.schools.c.obecCode);
    // 25.5 kg, 130 cm on 2569-06-10 B.E. = 2026-06-10; 27.3 kg (decimal comma), 128.5 cm
    expect((await rowsOf(ids.imp1!)).map((r: { w: string; h: string }) => [r.w, r.h])).toEqual([
      ['25.50', '130.0'],
    ]);
    expect((await rowsOf(ids.imp2!)).map((r: { w: string; h: string }) => [r.w, r.h])).toEqual([
      ['27.30', '128.5'],
    ]);
    expect(await rowsOf(ids.other!)).toEqual([]);
    // Both rows naming a child who is not this school's are lookups on the audit, found elsewhere or not.
    const lookups = await h.service.dataSource.query(
      `SELECT record_id, fields FROM personal_data_access WHERE $1 = ANY(fields) OR $2 = ANY(fields) ORDER BY record_id NULLS LAST`,
      [`lookup:nationalId:${otherSchoolNid}`, `lookup:nationalId:${unknown}`],
    );
    expect(lookups).toEqual([
      { record_id: ids.other, fields: [`lookup:nationalId:${otherSchoolNid}`] },
      { record_id: null, fields: [`lookup:nationalId:${unknown}`] },
    ]);
  });

  it('changes nothing when the same file comes again, and reads XLSX too', async () => {
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    const xlsx = await writeXlsx([
      {
        name: 'Sheet1',
        columns: [
          { key: 'id', header: 'เลขประจำตัวประชาชน' },
          { key: 'w', header: 'น้ำหนัก (กก.)' },
          { key: 'h', header: 'ส่วนสูง (ซม.)' },
          { key: 'd', header: 'วันที่ชั่ง/วัด' },
        ],
        rows: [
          { id: nids.imp1!, w: '25.5', h: '130', d: '10/06/2569' },
          { id: nids.imp2!, w: '28', h: '129', d: '12/06/2569' },
        ],
      },
    ]);
    const res = await staff(IMPORT, {
      i: {
        schoolCode: h.schools.a.obecCode,
        academicYear: 2569,
        term: 1,
        fileName: 'shh.xlsx',
        contentBase64: xlsx.toString('base64'),
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.importHealthMeasurements).toMatchObject({
      rowsRead: 2,
      recorded: 0,
      replaced: 1,
      unchanged: 1,
      errors: [],
    });
  });

  it('refuses a school the viewer may not write, a file with missing columns and a non-table file', async () => {
    const file = Buffer.from('เลขประจำตัวประชาชน,น้ำหนัก (กก.)\n1,2\n').toString('base64');
    const other = await h.as('school-staff', h.schools.c.obecCode);
    const refused = await other(IMPORT, {
      i: {
        schoolCode: h.schools.a.obecCode,
        academicYear: 2569,
        term: 1,
        fileName: 'x.csv',
        contentBase64: file,
      },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    const missing = await staff(IMPORT, {
      i: {
        schoolCode: h.schools.a.obecCode,
        academicYear: 2569,
        term: 1,
        fileName: 'x.csv',
        contentBase64: file,
      },
    });
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      messageTh: expect.stringContaining('ไม่พบคอลัมน์'),
    });
    const pdf = await staff(IMPORT, {
      i: {
        schoolCode: h.schools.a.obecCode,
        academicYear: 2569,
        term: 1,
        fileName: 'x.pdf',
        contentBase64: file,
      },
    });
    expect(pdf.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('nutrition summaries (aggregate)', () => {
  it('counts a school and its area office for the school and area officer', async () => {
    for (const run of [
      await h.as('school-staff', h.schools.a.obecCode),
      await h.as('area-officer', '1601'),
    ]) {
      const res = await run(SCHOOL_SUMMARY, { id: h.schools.a.id });
      expect(res.errors).toBeUndefined();
      const [school, area] = res.data._entities;
      // term 1: thin, short, obese, normal, imp3 (31.5/130.5), imp1, imp2 = 7 measured
      expect(school.nutritionSummary).toMatchObject({
        measured: 7,
        assessed: 7,
        thin: 1,
        short: 1,
        obese: 1,
      });
      expect(school.nutritionSummary.thinRate).toBeCloseTo(100 / 7, 2);
      expect(area.nutritionSummary).toMatchObject({ measured: 7, thin: 1, short: 1 });
    }
  });

  it('suppresses counts of 1–4 and their rates for partners, and shows analysts the exact counts', async () => {
    const partner = await h.as('partner', 'EEF');
    const p = (await partner(SCHOOL_SUMMARY, { id: h.schools.a.id })).data._entities[0].nutritionSummary;
    expect(p).toMatchObject({
      measured: 7,
      thin: null,
      short: null,
      obese: null,
      thinRate: null,
      shortRate: null,
    });
    const analyst = await h.as('obec-analyst', 'OBEC');
    const a = (await analyst(SCHOOL_SUMMARY, { id: h.schools.a.id })).data._entities[0].nutritionSummary;
    expect(a).toMatchObject({ thin: 1, short: 1, obese: 1 });
  });

  it('refuses anonymous callers', async () => {
    const res = await gql(h.service.url, SCHOOL_SUMMARY, { id: h.schools.a.id });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the war room’s nutrition event (students.nutrition.summarised.v1)', () => {
  type Payload = NutritionSummarisedPayload;
  const events = async (term = 1): Promise<Payload[]> =>
    (
      await h.service.dataSource.query(
        `SELECT envelope->'payload' AS p FROM outbox_event
          WHERE subject = $1 AND envelope->'payload'->>'schoolId' = $2
            AND (envelope->'payload'->>'academicYear')::int = 2569 AND (envelope->'payload'->>'term')::int = $3`,
        [NutritionSummarised.subject, h.schools.a.id, term],
      )
    )
      .map((r: { p: Payload }) => r.p)
      .sort((a: Payload, b: Payload) => a.revision - b.revision);
  const latest = async () => (await events()).pop()!;
  const summary = async () =>
    (await (await h.as('obec-analyst', 'OBEC'))(SCHOOL_SUMMARY, { id: h.schools.a.id })).data._entities[0]
      .nutritionSummary;

  it('carries the school-term’s counts after every write, valid by the contract, aggregate only', async () => {
    const all = await events();
    expect(all.length).toBeGreaterThan(5);
    for (const p of all) {
      expect(NutritionSummarised.payload.safeParse(p).success).toBe(true);
      expect(Object.keys(p).some((k) => /student/i.test(k))).toBe(false);
    }
    const revisions = all.map((p) => p.revision);
    expect(new Set(revisions).size).toBe(revisions.length);
    const last = all.at(-1)!;
    const s = await summary();
    expect(last).toMatchObject({
      schoolId: h.schools.a.id,
      schoolCode: h.schools.a.obecCode,
      areaOfficeCode: '1601',
      academicYear: 2569,
      term: 1,
      measured: s.measured,
      thin: s.thin,
      somewhatThin: s.somewhatThin,
      short: s.short,
      plump: s.plump,
      overweight: s.overweight,
      obese: s.obese,
    });
    expect(last).toMatchObject({ measured: 7, thin: 1, short: 1, obese: 1 });
    expect(last.thin + last.somewhatThin + last.normal + last.plump + last.overweight + last.obese).toBe(
      last.assessedWeightForHeight,
    );
  });

  it('publishes a correction with a higher revision and the changed counts; the same values publish nothing', async () => {
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    const before = await latest();
    const count = (await events()).length;
    // 'normal' (29 kg, 134 cm: proportionate) corrected to 55 kg: obese.
    expect((await staff(RECORD, { i: measure('normal', 55, 134) })).errors).toBeUndefined();
    const after = await latest();
    expect(await events()).toHaveLength(count + 1);
    expect(after.revision).toBeGreaterThan(before.revision);
    expect(after).toMatchObject({
      measured: before.measured,
      normal: before.normal - 1,
      obese: before.obese + 1,
      thin: before.thin,
    });
    expect((await staff(RECORD, { i: measure('normal', 55, 134) })).errors).toBeUndefined();
    expect(await events()).toHaveLength(count + 1);
    const s = await summary();
    expect(after).toMatchObject({ measured: s.measured, obese: s.obese });
  });

  it('publishes one event for a classroom recording and for an import', async () => {
    const staff = await h.as('school-staff', h.schools.a.obecCode);
    let count = (await events()).length;
    const batch = await staff(
      `mutation($i: RecordHealthMeasurementsInput!) { recordHealthMeasurements(input: $i) { recorded replaced unchanged } }`,
      {
        i: {
          academicYear: 2569,
          term: 1,
          measurements: [
            { studentId: ids.thin, measuredOn: '2026-06-10', weightKg: 29, heightCm: 134 }, // thin → normal
            { studentId: ids.short, measuredOn: '2026-06-10', weightKg: 22, heightCm: 118 }, // unchanged
          ],
        },
      },
    );
    expect(batch.data.recordHealthMeasurements).toEqual({ recorded: 0, replaced: 1, unchanged: 1 });
    expect(await events()).toHaveLength(count + 1);
    const afterBatch = await latest();
    expect(afterBatch).toMatchObject({ thin: 0, measured: 7 });
    count += 1;
    const csv = ['เลขประจำตัวประชาชน,น้ำหนัก (กก.),ส่วนสูง (ซม.),วันที่ชั่ง/วัด', `${nids.thin},19,135,10/06/2569`];
    const res = await staff(IMPORT, {
      i: {
        schoolCode: h.schools.a.obecCode,
        academicYear: 2569,
        term: 1,
        fileName: 'shh.csv',
        contentBase64: Buffer.from(csv.join('\n')).toString('base64'),
      },
    });
    expect(res.data.importHealthMeasurements).toMatchObject({ replaced: 1, errors: [] });
    expect(await events()).toHaveLength(count + 1);
    const afterImport = await latest();
    expect(afterImport.revision).toBeGreaterThan(afterBatch.revision);
    expect(afterImport).toMatchObject({ thin: 1, normal: afterBatch.normal - 1, measured: 7 });
    const s = await summary();
    expect(afterImport).toMatchObject({ thin: s.thin, obese: s.obese, short: s.short, measured: s.measured });
  });
});
