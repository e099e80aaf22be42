import ExcelJS from 'exceljs';
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

  it('reports a student active in another school as a conflict the area office can list, and leaves them untouched', async () => {
    const admin = await h.as('obec-admin', 'OBEC');
    const inC = registerInput(h.schools.c.obecCode, { gradeLevel: 'P5', birthDate: '2015-05-05' });
    await admin(REGISTER, { i: inC });
    const csv = [
      'เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง',
      `${inC.nationalId},เด็กชาย,ภูมิพัฒน์,สุขใจ,ชาย,05/05/2558,ป.5,1`,
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.data.importStudents).toMatchObject({ inserted: 0, updated: 0, conflicts: 1 });
    expect(res.data.importStudents.errors[0].messageEn).toMatch(
      new RegExp(`already actively enrolled at school ${h.schools.c.obecCode}`),
    );
    const [still] = await h.service.dataSource.query(
      `SELECT first_name_th FROM student WHERE national_id = $1`,
      [inC.nationalId],
    );
    expect(still.first_name_th).toBe('ธนากร');
    const list = `{ enrollmentConflicts { totalCount edges { node { nationalId importingSchool { id } enrolledSchool { id } } } } }`;
    const area1 = await (await h.as('area-officer', '1601'))(list);
    expect(area1.data.enrollmentConflicts.totalCount).toBe(1);
    expect(area1.data.enrollmentConflicts.edges[0].node).toEqual({
      nationalId: inC.nationalId,
      importingSchool: { id: h.schools.a.id },
      enrolledSchool: { id: h.schools.c.id },
    });
    const area9 = await (await h.as('area-officer', '1650'))(list);
    expect(area9.data.enrollmentConflicts.totalCount).toBe(0);
    const school = await schoolA(list);
    expect(school.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
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
