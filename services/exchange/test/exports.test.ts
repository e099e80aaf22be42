import { createHash, randomUUID } from 'node:crypto';
import type { PartnerAgreementClaim } from '@smss/auth';
import { readTable } from '@smss/files';
import { eventually, ok, tokenFor } from '@smss/testing';
import { exportOperationDocuments, EXPORT_PROFILE_DEFINITIONS, STUDENT_PAGE_SIZE } from '../src/modules/exports/export-profiles';
import { DEV_EXPORT_LINK_KEY, signExportLink } from '../src/modules/exports/export-link';
import { PROCESS_STOPPED } from '../src/modules/exports/export-worker';
import { GatewayDouble, pageOf } from './exports-gateway-double';
import {
  JOB,
  JOBS,
  START,
  startExportsExchange,
  type ExportsHarness,
  type TestSchool,
} from './exports-support';

const AREA = '9701';
const ERROR_AREA = '9702';
const OTHER_AREA = '9703';
const PAGE = 2;

let h: ExportsHarness;
const gateway = new GatewayDouble();
let schoolA: TestSchool;
let schoolB: TestSchool;
let schoolC: TestSchool;

const student = (i: number, school: TestSchool) => ({
  nationalId: `110000000${String(i).padStart(4, '0')}`,
  prefix: i % 2 ? 'เด็กชาย' : 'เด็กหญิง',
  firstNameTh: `ชื่อ${i}`,
  lastNameTh: `=สกุล${i}`,
  birthDate: `2015-01-${String(i).padStart(2, '0')}`,
  gender: i % 2 ? 'MALE' : 'FEMALE',
  currentEnrollment: { gradeLevel: 'P4', classroom: `${school.obecCode.slice(-1)}/1` },
  pseudonym: `P${String(i).padStart(24, '0')}`,
  attendanceRate: { rate: 0.9 + i / 1000 },
  nutritionStatus: { weightForHeight: 'NORMAL' },
});
const studentsOf = new Map<string, ReturnType<typeof student>[]>();

const agreementFor = (partnerCode: string, areaOfficeCodes: string[]): PartnerAgreementClaim => ({
  id: randomUUID(),
  partnerCode,
  areaOfficeCodes,
  schoolCodes: [],
  include: { Student: ['pseudonym', 'gender', 'currentEnrollment', 'attendanceRate', 'nutritionStatus'] },
  purposes: ['conditional cash transfer'],
  keyVersion: 1,
  validTo: '2099-12-31',
});
const EEF = agreementFor('EEF', [AREA]);
const OTHER_PARTNER = agreementFor('UNICEF', [AREA]);

type Who =
  | 'areaOfficer'
  | 'otherAreaOfficer'
  | 'areaBOfficer'
  | 'errorAreaOfficer'
  | 'admin'
  | 'analyst'
  | 'eef'
  | 'unicef'
  | 'staff';
const t = {} as Record<Who, string>;

beforeAll(async () => {
  await gateway.start();
  h = await startExportsExchange(gateway.url);
  schoolA = await h.addSchool(AREA);
  schoolB = await h.addSchool(AREA);
  schoolC = await h.addSchool(ERROR_AREA);
  await h.addSchool(OTHER_AREA);
  studentsOf.set(
    schoolA.id,
    [1, 2, 3].map((i) => student(i, schoolA)),
  );
  studentsOf.set(
    schoolB.id,
    [4, 5].map((i) => student(i, schoolB)),
  );
  studentsOf.set(
    schoolC.id,
    [6, 7, 8].map((i) => student(i, schoolC)),
  );
  const directory = (s: TestSchool) => ({
    id: s.id,
    obecCode: s.obecCode,
    smisCode: s.obecCode.slice(2),
    nameTh: s.nameTh,
    nameEn: `Test School ${s.obecCode}`,
    status: 'OPEN',
    schoolType: 'PRIMARY',
    levels: ['PRE_PRIMARY', 'PRIMARY'],
    areaOffice: { code: s.areaOfficeCode, nameTh: `สพป. ทดสอบ ${s.areaOfficeCode}` },
    province: { code: s.provinceCode, nameTh: 'ลพบุรี' },
    district: { code: s.districtCode, nameTh: 'เมืองลพบุรี' },
    students: { totalCount: studentsOf.get(s.id)?.length ?? 0 },
  });
  const all = [schoolA, schoolB, schoolC];
  const inArea = (code: string) => all.filter((s) => s.areaOfficeCode === code).map(directory);
  const byCode = (code: string) => all.map(directory).find((s) => s.obecCode === code) ?? null;
  const studentsPage = (v: Record<string, any>) => {
    const s = all.find((x) => x.id === v.schoolId);
    if (!s) return { data: { school: null } };
    if (s === schoolC && v.after)
      return {
        data: null,
        errors: [
          {
            message: 'Student.nationalId is not in your partner agreement’s profile',
            extensions: { code: 'FORBIDDEN', messageTh: 'ข้อมูลไม่อยู่ในขอบเขตข้อตกลง' },
          },
        ],
      };
    return {
      data: { school: { obecCode: s.obecCode, students: pageOf(studentsOf.get(s.id)!, v.after, PAGE) } },
    };
  };
  gateway
    .on('ExportBobecSchoolsOfArea', (v) => ({
      data: { schools: pageOf(inArea(v.areaOfficeCode), v.after, 1) },
    }))
    .on('ExportStudentSchoolsOfArea', (v) => ({
      data: { schools: pageOf(inArea(v.areaOfficeCode), v.after, 1) },
    }))
    .on('ExportBobecSchool', (v) => ({ data: { school: byCode(v.obecCode) } }))
    .on('ExportStudentSchool', (v) => ({ data: { school: byCode(v.obecCode) } }))
    .on('ExportDmcStudents', studentsPage)
    .on('ExportEefStudents', studentsPage);
  t.areaOfficer = await tokenFor('area-officer', AREA);
  t.otherAreaOfficer = await tokenFor('area-officer', AREA, undefined, 'test:area-officer:other');
  t.areaBOfficer = await tokenFor('area-officer', OTHER_AREA);
  t.errorAreaOfficer = await tokenFor('area-officer', ERROR_AREA);
  t.admin = await tokenFor('obec-admin', 'OBEC');
  t.analyst = await tokenFor('obec-analyst', 'OBEC');
  t.eef = await tokenFor('partner', 'EEF');
  t.unicef = await tokenFor('partner', 'UNICEF');
  t.staff = await tokenFor('school-staff', schoolA.obecCode);
});

afterAll(async () => {
  await h?.stop();
  await gateway.stop();
});

const count = async (table: string) =>
  Number((await h.service.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

const jobOf = async (id: string, token: string, agreement?: PartnerAgreementClaim) =>
  ok(await h.q(JOB, { id }, token, agreement)).exportJob;

const finished = (id: string, token: string, agreement?: PartnerAgreementClaim) =>
  eventually(async () => {
    const job = await jobOf(id, token, agreement);
    return job && ['SUCCEEDED', 'FAILED'].includes(job.status) ? job : null;
  });

async function start(
  token: string,
  profile: string,
  format: string,
  scope: Record<string, string>,
  agreement?: PartnerAgreementClaim,
) {
  return ok(await h.q(START, { profile, format, scope }, token, agreement)).startExport;
}

describe('export jobs', () => {
  it('runs QUEUED → RUNNING → SUCCEEDED with increasing progress, through the gateway with the requester’s token', async () => {
    await h.service.dataSource.query(
      `INSERT INTO change_log (event_id, entity_type, entity_id, change, area_office_code, occurred_at)
       VALUES (gen_random_uuid(), 'SCHOOL', gen_random_uuid(), 'UPSERTED', $1, now())`,
      [AREA],
    );
    const [{ position }] = await h.service.dataSource.query(
      `SELECT max(position)::text AS position FROM change_log`,
    );
    gateway.hold();
    const callsBefore = gateway.calls.length;
    const job = await start(t.areaOfficer, 'DMC_STUDENTS', 'CSV', { areaOfficeCode: AREA });
    expect(job).toMatchObject({
      status: 'QUEUED',
      rowsDone: 0,
      rowsTotal: null,
      profile: 'DMC_STUDENTS',
      format: 'CSV',
      scope: { areaOfficeCode: AREA, schoolCode: null },
      changeCursor: position,
      downloadUrl: null,
      fileName: null,
    });
    const seen: Array<{ status: string; rowsDone: number; rowsTotal: number | null }> = [];
    const look = async () => {
      const now = await jobOf(job.id, t.areaOfficer);
      seen.push({ status: now.status, rowsDone: now.rowsDone, rowsTotal: now.rowsTotal });
    };
    // Schools of the area: 2 pages of 1; then students: A in 2 pages (2 + 1), B in 1 page (2). Each time
    // the next page is asked for, the previous page's progress is on record.
    await eventually(async () => gateway.held === 1);
    await look();
    for (let i = 0; i < 4; i += 1) {
      await gateway.release();
      await eventually(async () => gateway.held === 1);
      await look();
    }
    await gateway.release();
    gateway.releaseAll();
    const done = await finished(job.id, t.areaOfficer);
    expect(seen).toEqual([
      { status: 'RUNNING', rowsDone: 0, rowsTotal: null },
      { status: 'RUNNING', rowsDone: 0, rowsTotal: null },
      { status: 'RUNNING', rowsDone: 0, rowsTotal: 5 },
      { status: 'RUNNING', rowsDone: 2, rowsTotal: 5 },
      { status: 'RUNNING', rowsDone: 3, rowsTotal: 5 },
    ]);
    expect(done).toMatchObject({ status: 'SUCCEEDED', rowsDone: 5, rowsTotal: 5, error: null });
    expect(done.fileName).toMatch(/^DMC_STUDENTS-9701-\d{8}T\d{4}\.csv$/);
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();

    const calls = gateway.calls.slice(callsBefore);
    const registered = new Map(exportOperationDocuments().map((d) => [d.name, d.document]));
    expect(calls.map((c) => c.operationName)).toEqual([
      'ExportStudentSchoolsOfArea',
      'ExportStudentSchoolsOfArea',
      'ExportDmcStudents',
      'ExportDmcStudents',
      'ExportDmcStudents',
    ]);
    // The registered documents byte for byte, with the requester's own token.
    for (const c of calls) {
      expect(c.query).toBe(registered.get(c.operationName));
      expect(c.token).toBe(t.areaOfficer);
    }
    expect(calls[2]!.variables).toMatchObject({ schoolId: schoolA.id, first: STUDENT_PAGE_SIZE, after: null });
    expect(calls[3]!.variables).toMatchObject({ schoolId: schoolA.id, after: '2' });
    // The token was never written to the database.
    const dump = JSON.stringify(await h.service.dataSource.query(`SELECT * FROM export_job`));
    expect(dump).not.toContain(t.areaOfficer);

    // The file: CSV, UTF-8 with a BOM, one header row (Thai then English), the profile's columns.
    const res = await h.download(done.downloadUrl, t.areaOfficer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(done.byteSize);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(done.sha256);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      EXPORT_PROFILE_DEFINITIONS.DMC_STUDENTS.columns.map((c) => `${c.headerTh} (${c.headerEn})`).join(','),
    );
    expect(lines).toHaveLength(6);
    // Formula-looking text is neutralised (=สกุล1 → '=สกุล1).
    expect(lines[1]).toBe(
      `${schoolA.obecCode},1100000000001,เด็กชาย,ชื่อ1,'=สกุล1,2015-01-01,MALE,P4,${schoolA.obecCode.slice(-1)}/1`,
    );
  });

  it('writes XLSX and JSON with the profile’s columns', async () => {
    const json = await finished(
      (await start(t.staff, 'BOBEC_SCHOOLS', 'JSON', { areaOfficeCode: AREA })).id,
      t.staff,
    );
    expect(json).toMatchObject({ status: 'SUCCEEDED', rowsDone: 2, rowsTotal: 2 });
    const rows = JSON.parse(
      Buffer.from(await (await h.download(json.downloadUrl, t.staff)).arrayBuffer()).toString('utf8'),
    );
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0])).toEqual(EXPORT_PROFILE_DEFINITIONS.BOBEC_SCHOOLS.columns.map((c) => c.key));
    expect(rows[0]).toEqual({
      schoolCode: schoolA.obecCode,
      smisCode: schoolA.obecCode.slice(2),
      nameTh: schoolA.nameTh,
      nameEn: `Test School ${schoolA.obecCode}`,
      areaOfficeCode: AREA,
      areaOfficeNameTh: `สพป. ทดสอบ ${AREA}`,
      provinceCode: schoolA.provinceCode,
      provinceNameTh: 'ลพบุรี',
      districtCode: schoolA.districtCode,
      districtNameTh: 'เมืองลพบุรี',
      levels: 'PRE_PRIMARY,PRIMARY',
      schoolType: 'PRIMARY',
      status: 'OPEN',
    });

    const xlsx = await finished(
      (await start(t.eef, 'EEF_STUDENTS', 'XLSX', { schoolCode: schoolA.obecCode }, EEF)).id,
      t.eef,
      EEF,
    );
    expect(xlsx).toMatchObject({ status: 'SUCCEEDED', rowsDone: 3, rowsTotal: 3 });
    const res = await h.download(xlsx.downloadUrl, t.eef);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const table = await readTable(Buffer.from(await res.arrayBuffer()), { format: 'xlsx' });
    expect(table[0]).toEqual(
      EXPORT_PROFILE_DEFINITIONS.EEF_STUDENTS.columns.map((c) => `${c.headerTh} (${c.headerEn})`),
    );
    expect(table.slice(1)).toEqual([
      ['P000000000000000000000001', 'MALE', 'P4', '0.901', 'NORMAL'],
      ['P000000000000000000000002', 'FEMALE', 'P4', '0.902', 'NORMAL'],
      ['P000000000000000000000003', 'MALE', 'P4', '0.903', 'NORMAL'],
    ]);
    // The EEF document asks for no name, national ID, birth date or id.
    const eef = exportOperationDocuments().find((d) => d.name === 'ExportEefStudents')!.document;
    expect(eef).not.toMatch(/nationalId|firstNameTh|lastNameTh|birthDate|gCode|node \{\s*id/);
    const lastEef = gateway.calls.filter((c) => c.operationName === 'ExportEefStudents').at(-1)!;
    expect(lastEef.token).toBe(t.eef);
    expect(lastEef.variables).toMatchObject({ academicYear: expect.any(Number), term: expect.any(Number) });
  });

  it('fails the job with a page’s error code and Thai message, and offers no file', async () => {
    const job = await start(t.errorAreaOfficer, 'DMC_STUDENTS', 'CSV', { areaOfficeCode: ERROR_AREA });
    const done = await finished(job.id, t.errorAreaOfficer);
    expect(done).toMatchObject({
      status: 'FAILED',
      rowsDone: 2,
      rowsTotal: 3,
      fileName: null,
      byteSize: null,
      sha256: null,
      downloadUrl: null,
      error: { code: 'FORBIDDEN', messageTh: 'ข้อมูลไม่อยู่ในขอบเขตข้อตกลง' },
    });
    const [{ n }] = await h.service.dataSource.query(
      `SELECT count(*)::int AS n FROM export_file WHERE job_id = $1`,
      [job.id],
    );
    expect(n).toBe(0);
  });

  describe('download links', () => {
    let job: any;
    const audit = async () =>
      (await h.service.dataSource.query(
        `SELECT subject, role, org_code, request_id, outcome FROM export_download WHERE job_id = $1 ORDER BY id`,
        [job.id],
      )) as Array<{
        subject: string | null;
        role: string | null;
        org_code: string | null;
        request_id: string | null;
        outcome: string;
      }>;

    beforeAll(async () => {
      job = await finished(
        (await start(t.areaOfficer, 'BOBEC_SCHOOLS', 'CSV', { schoolCode: schoolB.obecCode })).id,
        t.areaOfficer,
      );
      expect(job.status).toBe('SUCCEEDED');
    });

    it('downloads once per call, each on record', async () => {
      expect(job.downloadUrl).toMatch(
        new RegExp(
          `^/download/exchange/exports/${job.id}/\\d+/[0-9a-f]{64}/${job.fileName.replace('.', '\\.')}$`,
        ),
      );
      for (let i = 0; i < 2; i += 1)
        expect((await h.download(job.downloadUrl, t.areaOfficer)).status).toBe(200);
      const rows = await audit();
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({
        subject: 'test:area-officer:9701',
        role: 'area-officer',
        org_code: AREA,
        outcome: 'ALLOWED',
      });
      expect(rows[0]!.request_id).toMatch(/^[0-9a-f-]{36}$/);
      // An OBEC administrator may download it too.
      expect((await h.download(job.downloadUrl, t.admin)).status).toBe(200);
    });

    it('refuses an expired, tampered or foreign link, and another user’s token, on record', async () => {
      const before = (await audit()).length;
      const expired = signExportLink(DEV_EXPORT_LINK_KEY, job, new Date(Date.now() - 11 * 60_000)).path;
      const parts = job.downloadUrl.split('/');
      const sig = parts[6] as string;
      const tampered = [...parts.slice(0, 6), `${sig[0] === 'a' ? 'b' : 'a'}${sig.slice(1)}`, parts[7]].join(
        '/',
      );
      const renamed = [...parts.slice(0, 7), 'other.csv'].join('/');
      const later = [...parts.slice(0, 5), String(Number(parts[5]) + 3600), ...parts.slice(6)].join('/');
      const cases: Array<[string, string | undefined, number, string]> = [
        [expired, t.areaOfficer, 403, 'EXPIRED'],
        [tampered, t.areaOfficer, 403, 'BAD_SIGNATURE'],
        [renamed, t.areaOfficer, 403, 'BAD_SIGNATURE'],
        [later, t.areaOfficer, 403, 'BAD_SIGNATURE'],
        [job.downloadUrl, t.otherAreaOfficer, 403, 'NOT_REQUESTER'],
        [job.downloadUrl, t.analyst, 403, 'NOT_REQUESTER'],
        [job.downloadUrl, undefined, 401, 'UNAUTHENTICATED'],
      ];
      for (const [path, token, status] of cases) {
        const res = await h.download(path, token);
        expect(res.status).toBe(status);
        const body = (await res.json()) as any;
        expect(body.errors[0].extensions.code).toBe(status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
        expect(body.errors[0].extensions.messageTh).toMatch(/[\u0E00-\u0E7F]/);
      }
      const rows = (await audit()).slice(before);
      expect(rows.map((r) => r.outcome)).toEqual(cases.map((c) => c[3]));
      expect(rows[4]).toMatchObject({ subject: 'test:area-officer:other', outcome: 'NOT_REQUESTER' });
      expect(rows[6]).toMatchObject({ subject: null, outcome: 'UNAUTHENTICATED' });
    });

    it('gives the link to the requester only', async () => {
      expect((await jobOf(job.id, t.otherAreaOfficer)).downloadUrl).toBeNull();
      expect((await jobOf(job.id, t.admin)).downloadUrl).toBeNull();
    });
  });

  describe('who sees and starts what', () => {
    let partnerJob: any;
    beforeAll(async () => {
      partnerJob = await start(t.eef, 'EEF_STUDENTS', 'JSON', { areaOfficeCode: AREA }, EEF);
      await finished(partnerJob.id, t.eef, EEF);
    });

    it('shows a partner’s job to that partner and OBEC, never to another partner or an area office', async () => {
      expect((await jobOf(partnerJob.id, t.eef, EEF)).id).toBe(partnerJob.id);
      expect((await jobOf(partnerJob.id, t.admin)).id).toBe(partnerJob.id);
      expect(await jobOf(partnerJob.id, t.unicef, OTHER_PARTNER)).toBeNull();
      expect(await jobOf(partnerJob.id, t.areaOfficer)).toBeNull();
      const listed = async (token: string, agreement?: PartnerAgreementClaim) =>
        ok(await h.q(JOBS, { first: 100 }, token, agreement)).exportJobs.map((j: { id: string }) => j.id);
      expect(await listed(t.eef, EEF)).toContain(partnerJob.id);
      expect(await listed(t.admin)).toContain(partnerJob.id);
      expect(await listed(t.unicef, OTHER_PARTNER)).not.toContain(partnerJob.id);
      expect(await listed(t.areaOfficer)).not.toContain(partnerJob.id);
      // The area office's jobs are the area office's: the other partner lists none of them.
      expect(await listed(t.unicef, OTHER_PARTNER)).toEqual([]);
      const eefDone = await jobOf(partnerJob.id, t.eef, EEF);
      expect((await h.download(eefDone.downloadUrl, t.unicef)).status).toBe(403);
    });

    it.each([
      ['a partner starting DMC_STUDENTS', 'eef', 'DMC_STUDENTS', { areaOfficeCode: AREA }, 'FORBIDDEN'],
      [
        'a partner whose agreement does not cover the area',
        'eef',
        'EEF_STUDENTS',
        { areaOfficeCode: OTHER_AREA },
        'FORBIDDEN',
      ],
      [
        'a partner without an agreement in force',
        'eefNoAgreement',
        'EEF_STUDENTS',
        { areaOfficeCode: AREA },
        'FORBIDDEN',
      ],
      [
        'an area office starting EEF_STUDENTS',
        'areaOfficer',
        'EEF_STUDENTS',
        { areaOfficeCode: AREA },
        'FORBIDDEN',
      ],
      [
        'another area office starting DMC_STUDENTS',
        'areaBOfficer',
        'DMC_STUDENTS',
        { areaOfficeCode: AREA },
        'FORBIDDEN',
      ],
      ['a school starting DMC_STUDENTS', 'staff', 'DMC_STUDENTS', { schoolCode: 'A' }, 'FORBIDDEN'],
      ['both codes', 'admin', 'BOBEC_SCHOOLS', { areaOfficeCode: AREA, schoolCode: 'A' }, 'BAD_USER_INPUT'],
      ['no code', 'admin', 'BOBEC_SCHOOLS', {}, 'BAD_USER_INPUT'],
      ['a malformed area code', 'admin', 'BOBEC_SCHOOLS', { areaOfficeCode: '97' }, 'BAD_USER_INPUT'],
      ['an unknown area office', 'admin', 'BOBEC_SCHOOLS', { areaOfficeCode: '9799' }, 'NOT_FOUND'],
      ['an unknown school', 'admin', 'BOBEC_SCHOOLS', { schoolCode: '1097999999' }, 'NOT_FOUND'],
    ] as const)('refuses %s, writing nothing', async (_what, who, profile, scope, code) => {
      const resolved = Object.fromEntries(
        Object.entries(scope).map(([k, v]) => [k, v === 'A' ? schoolA.obecCode : v]),
      );
      const token = who === 'eefNoAgreement' ? t.eef : t[who];
      const agreement = who === 'eef' ? EEF : undefined;
      const [jobs, calls] = [await count('export_job'), gateway.calls.length];
      const res = await h.q(START, { profile, format: 'CSV', scope: resolved }, token, agreement);
      expect(res.errors?.[0]?.extensions?.code).toBe(code);
      expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/[\u0E00-\u0E7F]/);
      expect(res.data?.startExport ?? null).toBeNull();
      await new Promise((r) => setTimeout(r, 50));
      expect([await count('export_job'), gateway.calls.length]).toEqual([jobs, calls]);
    });
  });

  describe('a process that stops', () => {
    it('fails its open jobs cleanly on close, and a stale job of a stopped process on the next start', async () => {
      const second = await h.bootAgain();
      gateway.hold();
      const before = gateway.calls.length;
      const started = await (async () => {
        const { gql } = await import('@smss/testing');
        return ok(
          await gql(
            second.url,
            START,
            { profile: 'DMC_STUDENTS', format: 'CSV', scope: { areaOfficeCode: AREA } },
            { token: t.areaOfficer },
          ),
        ).startExport;
      })();
      await eventually(async () => gateway.calls.length > before && gateway.held > 0);
      await second.close();
      gateway.releaseAll();
      const stopped = await jobOf(started.id, t.areaOfficer);
      expect(stopped).toMatchObject({ status: 'FAILED', error: PROCESS_STOPPED, fileName: null });

      // A job left RUNNING by a process that died (no heartbeat): FAILED when the next process starts.
      const [{ id }] = await h.service.dataSource.query(
        `INSERT INTO export_job (profile, format, scope_area_office_code, status, requester_subject, requester_role,
                                 requester_level, requester_org, change_cursor, worker_id, heartbeat_at, started_at)
         VALUES ('BOBEC_SCHOOLS', 'CSV', $1, 'RUNNING', 'test:area-officer:9701', 'area-officer', 'AREA', $1, '0',
                 'gone', now() - interval '1 hour', now() - interval '1 hour')
         RETURNING id`,
        [AREA],
      );
      const third = await h.bootAgain();
      // The new process's worker sweeps as it starts (asynchronously, right after the boot).
      const failed = await eventually(async () => {
        const job = await jobOf(id, t.areaOfficer);
        return job.status === 'FAILED' ? job : null;
      });
      expect(failed).toMatchObject({ status: 'FAILED', error: PROCESS_STOPPED });
      expect(failed.error.messageTh).toMatch(/เริ่มการส่งออกใหม่/);
      expect(failed.error.message).toMatch(/start it again/);
      await third.close();
    });
  });
});
