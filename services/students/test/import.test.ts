import ExcelJS from 'exceljs';
import { gatewayHeaders, tokenFor } from '@smss/testing';
import { toThaiDigits } from '@smss/thai';
import { REGISTER, nextNationalId, registerInput, startStudents, type StudentsHarness } from './support';

let h: StudentsHarness;
let schoolA: Awaited<ReturnType<StudentsHarness['as']>>;

beforeAll(async () => {
  h = await startStudents();
  schoolA = await h.as('school-staff', h.schools.a.obecCode);
});
afterAll(() => h.stop());

const IMPORT = `mutation($i: ImportStudentsInput!) { importStudents(input: $i) {
  rowsRead inserted updated unchanged conflicts errors { row column messageEn messageTh } } }`;

const ids = { one: nextNationalId(), two: nextNationalId(), three: nextNationalId() };

/** A messy file as schools send them: BOM, Thai headers, B.E. dates, Thai grade names, a duplicate, a bad ID, a blank line. */
const messyCsv = () =>
  '\uFEFF' +
  [
    'เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง',
    `${ids.one},เด็กชาย,ธนากร,ศรีทอง,ชาย,04/03/2560,ป.3,1`,
    `${ids.two},เด็กหญิง,พิมพ์ชนก,แก้วดี,หญิง,2017-08-09,P3,1`,
    `1101700123459,เด็กชาย,ภาคิน,บุญมา,ชาย,01/01/2560,ป.3,2`,
    `${ids.one},เด็กชาย,ธนากร,ศรีทอง,ชาย,04/03/2560,ป.3,1`,
    `${ids.three},เด็กหญิง,ชนิดา,ใจดี,หญิง,31/02/2560,ป.9,`,
    '',
    `G123456789099,เด็กหญิง,สุนิสา,มั่นคง,หญิง,15/06/2559,ป.4,1`,
  ].join('\r\n');

const importCsv = (content: string, schoolCode = h.schools.a.obecCode, who = schoolA) =>
  who(IMPORT, {
    i: {
      schoolCode,
      academicYear: 2569,
      fileName: 'รายชื่อนักเรียน.csv',
      contentBase64: Buffer.from(content).toString('base64'),
    },
  });

const snapshotOfDb = async () =>
  h.service.dataSource.query(
    `SELECT s.identity, s.version, s.first_name_th, e.grade_level, e.classroom, e.status
       FROM student s JOIN enrollment e ON e.student_id = s.id ORDER BY s.identity, e.started_on`,
  );

describe('student list import', () => {
  it('imports a messy CSV: valid rows land, every bad row is reported with row, column and reasons', async () => {
    const res = await importCsv(messyCsv());
    expect(res.errors).toBeUndefined();
    const report = res.data.importStudents;
    expect(report).toMatchObject({ rowsRead: 6, inserted: 3, updated: 0, unchanged: 0, conflicts: 0 });
    expect(report.errors.map((e: any) => [e.row, e.column, e.messageEn])).toEqual([
      [4, 'เลขประจำตัวประชาชน', expect.stringMatching(/check digit/i)],
      [5, 'เลขประจำตัวประชาชน', 'duplicate of row 2'],
      [6, 'ชั้น', expect.stringMatching(/unknown grade "ป\.9"/)],
      [6, 'วันเดือนปีเกิด', expect.stringMatching(/"31\/02\/2560" is not a date/)],
      [6, 'ห้อง', 'classroom must be 1–20 characters'],
    ]);
    for (const e of report.errors) expect(e.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    const rows = await h.service.dataSource.query(
      `SELECT s.identity, to_char(s.birth_date, 'YYYY-MM-DD') AS birth, e.grade_level, s.stateless FROM student s
         JOIN enrollment e ON e.student_id = s.id ORDER BY s.identity`,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { identity: ids.one, birth: '2017-03-04', grade_level: 'P3', stateless: false },
        { identity: ids.two, birth: '2017-08-09', grade_level: 'P3', stateless: false },
        { identity: 'G123456789099', birth: '2016-06-15', grade_level: 'P4', stateless: true },
      ]),
    );
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await snapshotOfDb();
    const [{ n: outboxBefore }] = await h.service.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_event`,
    );
    const res = await importCsv(messyCsv());
    expect(res.data.importStudents).toMatchObject({ rowsRead: 6, inserted: 0, updated: 0, unchanged: 3 });
    expect(await snapshotOfDb()).toEqual(before);
    const [{ n: outboxAfter }] = await h.service.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_event`,
    );
    expect(outboxAfter).toBe(outboxBefore);
  });

  it('updates only what changed: a new classroom and a corrected name', async () => {
    const csv = messyCsv().replace(
      `${ids.two},เด็กหญิง,พิมพ์ชนก,แก้วดี,หญิง,2017-08-09,P3,1`,
      `${ids.two},เด็กหญิง,พิมพ์ชนก,แก้วดีงาม,หญิง,2017-08-09,P3,2`,
    );
    const res = await importCsv(csv);
    expect(res.data.importStudents).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    const [row] = await h.service.dataSource.query(
      `SELECT s.last_name_th, s.version, e.classroom FROM student s JOIN enrollment e ON e.student_id = s.id AND e.status = 'ACTIVE' WHERE s.national_id = $1`,
      [ids.two],
    );
    expect(row).toEqual({ last_name_th: 'แก้วดีงาม', version: 2, classroom: '2' });
  });

  it('reads Thai digits in national IDs, dates, grades and classrooms as digits', async () => {
    const id = nextNationalId();
    const csv = [
      'เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง',
      `${toThaiDigits(id)},เด็กหญิง,อรอุมา,ทองดี,หญิง,๒๐/๐๑/๒๕๖๑,ป.๒,๓`,
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.data.importStudents).toMatchObject({ rowsRead: 1, inserted: 1, errors: [] });
    const [row] = await h.service.dataSource.query(
      `SELECT to_char(s.birth_date, 'YYYY-MM-DD') AS b, e.grade_level, e.classroom FROM student s
         JOIN enrollment e ON e.student_id = s.id WHERE s.national_id = $1`,
      [id],
    );
    expect(row).toEqual({ b: '2018-01-20', grade_level: 'P2', classroom: '3' });
  });

  it('reads the same list from an XLSX workbook with English headers and date cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('students');
    const id = nextNationalId();
    ws.addRow([
      'national_id',
      'prefix',
      'first_name',
      'last_name',
      'gender',
      'birth_date',
      'grade',
      'classroom',
    ]);
    ws.addRow([id, 'เด็กหญิง', 'อรอุมา', 'ทองดี', 'F', new Date(Date.UTC(2018, 0, 20)), 'P2', '1']);
    const content = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const res = await schoolA(IMPORT, {
      i: {
        schoolCode: h.schools.a.obecCode,
        academicYear: 2569,
        fileName: 'students.xlsx',
        contentBase64: content,
      },
    });
    expect(res.data.importStudents).toMatchObject({ rowsRead: 1, inserted: 1, errors: [] });
    const [row] = await h.service.dataSource.query(
      `SELECT to_char(birth_date, 'YYYY-MM-DD') AS b FROM student WHERE national_id = $1`,
      [id],
    );
    expect(row.b).toBe('2018-01-20');
  });

  it('reports a child of another school as a row error naming no school, records it for both area offices, and leaves the record untouched', async () => {
    const admin = await h.as('obec-admin', 'OBEC');
    const inC = registerInput(h.schools.c.obecCode, { gradeLevel: 'P5', birthDate: '2015-05-05' });
    const reg = await admin(REGISTER, { i: inC });
    const csv = [
      'เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง',
      `${inC.nationalId},เด็กชาย,ภูมิพัฒน์,สุขใจ,ชาย,05/05/2558,ป.5,1`,
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.data.importStudents).toMatchObject({ inserted: 0, updated: 0, conflicts: 1 });
    expect(res.data.importStudents.errors[0].messageEn).toMatch(/belongs to another school/);
    expect(JSON.stringify(res.data)).not.toMatch(new RegExp(`${h.schools.c.obecCode}|${h.schools.c.id}`));
    const [still] = await h.service.dataSource.query(
      `SELECT first_name_th FROM student WHERE national_id = $1`,
      [inC.nationalId],
    );
    expect(still.first_name_th).toBe('ธนากร');
    const list = `{ enrollmentConflicts { totalCount edges { node { nationalId importingSchool { id } enrolledAt { school { id } } } } } }`;
    const both = {
      nationalId: inC.nationalId,
      importingSchool: { id: h.schools.a.id },
      enrolledAt: { school: { id: h.schools.c.id } },
    };
    for (const area of ['1601', '1602']) {
      const officer = await (await h.as('area-officer', area))(list);
      expect(officer.data.enrollmentConflicts).toEqual({ totalCount: 1, edges: [{ node: both }] });
    }
    expect((await (await h.as('area-officer', '1650'))(list)).data.enrollmentConflicts.totalCount).toBe(0);
    // The importing school sees its own row, never where the child is; the other school sees nothing.
    const mine = await schoolA(list);
    expect(mine.errors).toBeUndefined();
    expect(mine.data.enrollmentConflicts.edges).toEqual([{ node: { ...both, enrolledAt: null } }]);
    expect(JSON.stringify(mine.data)).not.toContain(h.schools.c.id);
    const theirs = await (await h.as('school-staff', h.schools.c.obecCode))(list);
    expect(theirs.data.enrollmentConflicts).toEqual({ totalCount: 0, edges: [] });
    // The row was a lookup by national ID of school C's child: audited for the importing viewer.
    const audit = await h.service.dataSource.query(
      `SELECT record_id FROM personal_data_access WHERE subject = $1 AND $2 = ANY(fields)`,
      [`test:school-staff:${h.schools.a.obecCode}`, `lookup:nationalId:${inC.nationalId}`],
    );
    expect(audit).toEqual([{ record_id: reg.data.registerStudent.id }]);
  });

  it('never overwrites a child who left another school: dropped-out and released children are row errors too', async () => {
    const schoolC = await h.as('school-staff', h.schools.c.obecCode);
    const gone = registerInput(h.schools.c.obecCode, {
      gradeLevel: 'P4',
      birthDate: '2016-04-04',
      poverty: 'POOR',
    });
    const released = registerInput(h.schools.c.obecCode, { gradeLevel: 'P4', birthDate: '2016-04-04' });
    const ids: string[] = [];
    for (const input of [gone, released])
      ids.push((await schoolC(REGISTER, { i: input })).data.registerStudent.id);
    await schoolC(`mutation($i: RecordLeavingInput!) { recordLeaving(input: $i) { status } }`, {
      i: { studentId: ids[0], reason: 'DROPPED_OUT', leftOn: '2026-09-01' },
    });
    await schoolC(`mutation($i: ReleaseStudentInput!) { releaseStudent(input: $i) { id } }`, {
      i: { studentId: ids[1], releasedOn: '2026-09-01' },
    });
    const csv = [
      'เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง,ความยากจน,ความพิการ',
      `${gone.nationalId},เด็กชาย,เปลี่ยนชื่อ,เปลี่ยนสกุล,ชาย,01/01/2559,ป.4,1,ไม่ยากจน,ตาบอด`,
      `${released.nationalId},เด็กชาย,เปลี่ยนชื่อ,เปลี่ยนสกุล,ชาย,01/01/2559,ป.4,1,ไม่ยากจน,`,
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.data.importStudents).toMatchObject({ inserted: 0, updated: 0, conflicts: 2 });
    expect(res.data.importStudents.errors.map((e: any) => [e.row, e.messageEn])).toEqual([
      [2, expect.stringMatching(/belongs to another school/)],
      [3, expect.stringMatching(/belongs to another school/)],
    ]);
    const rows = await h.service.dataSource.query(
      `SELECT first_name_th, birth_date::text AS birth, poverty, disability_type FROM student WHERE id = ANY($1::uuid[]) ORDER BY national_id`,
      [ids],
    );
    for (const r of rows)
      expect(r).toMatchObject({ first_name_th: 'ธนากร', birth: '2016-04-04', disability_type: null });
    expect(
      await h.service.dataSource.query(
        `SELECT count(*)::int AS n FROM enrollment WHERE student_id = ANY($1::uuid[]) AND school_id = $2`,
        [ids, h.schools.a.id],
      ),
    ).toEqual([{ n: 0 }]);
    const recorded = await h.service.dataSource.query(
      `SELECT count(*)::int AS n FROM enrollment_conflict WHERE student_id = ANY($1::uuid[]) AND importing_school_id = $2`,
      [ids, h.schools.a.id],
    );
    expect(recorded).toEqual([{ n: 2 }]);
  });

  it('answers a child released towards this school with a row error asking to accept the transfer, not a conflict', async () => {
    const schoolC = await h.as('school-staff', h.schools.c.obecCode);
    const input = registerInput(h.schools.c.obecCode, { gradeLevel: 'P4', birthDate: '2016-04-04' });
    const id = (await schoolC(REGISTER, { i: input })).data.registerStudent.id;
    await schoolC(`mutation($i: ReleaseStudentInput!) { releaseStudent(input: $i) { id } }`, {
      i: { studentId: id, toSchoolCode: h.schools.a.obecCode, releasedOn: '2026-09-01' },
    });
    const csv = [
      'เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง',
      `${input.nationalId},เด็กชาย,ธนากร,ศรีทอง,ชาย,04/04/2559,ป.4,1`,
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.data.importStudents.errors.map((e: any) => e.messageEn)).toEqual([
      expect.stringMatching(/accept the transfer/),
    ]);
    expect(
      await h.service.dataSource.query(
        `SELECT count(*)::int AS n FROM enrollment_conflict WHERE student_id = $1`,
        [id],
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('audits the rows of an upload through the HTTP route that named another school’s child, with the gateway’s request id', async () => {
    const inC = registerInput(h.schools.c.obecCode, { gradeLevel: 'P5', birthDate: '2015-05-05' });
    const reg = await (await h.as('obec-admin', 'OBEC'))(REGISTER, { i: inC });
    const csv = `เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง\n${inC.nationalId},เด็กชาย,ภูมิพัฒน์,สุขใจ,ชาย,05/05/2558,ป.5,1\n`;
    const token = await tokenFor('school-staff', h.schools.a.obecCode, ['pii:read'], 'upload-route-audit');
    const url = new URL(h.service.url);
    url.pathname = '/upload/students';
    url.search = new URLSearchParams({
      schoolCode: h.schools.a.obecCode,
      academicYear: '2569',
      fileName: 'list.csv',
    }).toString();
    const headers = await gatewayHeaders('students', { token, requestId: 'upload-request-1' });
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(200);
    const report: any = await res.json();
    expect(report).toMatchObject({ conflicts: 1, errors: [{ row: 2, column: 'nationalId' }] });
    expect(JSON.stringify(report)).not.toContain(h.schools.c.obecCode);
    const audit = await h.service.dataSource.query(
      `SELECT request_id, record_id, fields FROM personal_data_access WHERE subject = 'upload-route-audit'`,
    );
    expect(audit).toEqual([
      {
        request_id: 'upload-request-1',
        record_id: reg.data.registerStudent.id,
        fields: [`lookup:nationalId:${inC.nationalId}`],
      },
    ]);
  });

  it('refuses imports into another school, wrong file types and files without the required columns', async () => {
    const other = await importCsv(messyCsv(), h.schools.c.obecCode);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const pdf = await schoolA(IMPORT, {
      i: {
        schoolCode: h.schools.a.obecCode,
        academicYear: 2569,
        fileName: 'list.pdf',
        contentBase64: 'JVBERi0=',
      },
    });
    expect(pdf.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const noColumns = await importCsv('name,age\nสมชาย,9');
    expect(noColumns.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(noColumns.errors?.[0]?.extensions?.messageTh).toMatch(/ไม่พบคอลัมน์/);
  });
});
