import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bulkImport } from '@smss/students/src/cli/bulk-import';
import { syntheticNationalId } from '@smss/thai';
import { eventually, gql, tokenFor } from '@smss/testing';
import { startPlatform, type Platform } from './platform';

/**
 * A bulk export through the gateway, as a partner: 100,000 students of area office 1601 (loaded with the
 * bulk loader), the EEF profile under an agreement, as CSV. The job reports progress while it runs,
 * finishes, and its file holds exactly the profile's columns for every student — pseudonyms, never a
 * national ID or a name — and downloads only with the requester's token and a valid signed link.
 */
const STUDENTS = Number(process.env.E2E_EXPORT_STUDENTS ?? 100_000);
const AREA = '1601';
const FIRST_NAMES = ['มานี', 'ชูใจ', 'ดวงแก้ว', 'สมศรี', 'กมลพร'];

let p: Platform;
let dir: string;
const tokens: Record<string, string> = {};
const nationalIds: string[] = [];

const as = (who: string, query: string, variables: Record<string, unknown> = {}) =>
  gql(p.gatewayUrl, query, variables, { token: tokens[who], asGateway: false });

beforeAll(async () => {
  p = await startPlatform({ agreementCacheMs: 300 });
  dir = mkdtempSync(path.join(tmpdir(), 'smss-export-e2e-'));
  tokens.admin = await tokenFor('obec-admin', 'OBEC');
  tokens.eef = await tokenFor('partner', 'EEF');
  tokens.other = await tokenFor('partner', 'QINFO');
  const schools = await as(
    'admin',
    `{ schools(first: 100, filter: { areaOfficeCode: "${AREA}", schoolType: PRIMARY, status: OPEN }) { edges { node { id obecCode } } } }`,
  );
  const codes: string[] = schools.data.schools.edges.map((e: { node: { obecCode: string } }) => e.node.obecCode);
  expect(codes.length).toBeGreaterThan(20);
  await eventually(async () => {
    const [row] = await p.services.students!.dataSource.query(
      `SELECT count(*)::int AS n FROM directory_school_replica WHERE area_office_code = $1`,
      [AREA],
    );
    const [ex] = await p.services.exchange!.dataSource.query(
      `SELECT count(*)::int AS n FROM directory_school_replica WHERE area_office_code = $1`,
      [AREA],
    );
    return row.n >= codes.length && ex.n >= codes.length;
  }, 60_000);
  const base = 2_000_000 + Math.floor(Math.random() * 100) * 200_000;
  const lines = ['รหัสโรงเรียน,เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง'];
  for (let i = 0; i < STUDENTS; i++) {
    const id = syntheticNationalId(base + i);
    nationalIds.push(id);
    lines.push(`${codes[i % codes.length]},${id},เด็กหญิง,${FIRST_NAMES[i % FIRST_NAMES.length]},ทดสอบข้อมูล,หญิง,04/03/2560,ป.3,${1 + (i % 3)}`);
  }
  const file = path.join(dir, 'area-1601.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const url = (p.services.students!.dataSource.options as { url: string }).url;
  const report = await bulkImport({ file, academicYear: 2569, databaseUrl: url });
  expect(report).toMatchObject({ rowsRead: STUDENTS, inserted: STUDENTS, errors: [] });
  const created = await as(
    'admin',
    `mutation($i: PartnerAgreementInput!) { createPartnerAgreement(input: $i) { inForce } }`,
    {
      i: {
        partnerCode: 'EEF',
        nameTh: 'กองทุนเพื่อความเสมอภาคทางการศึกษา',
        nameEn: 'Equitable Education Fund',
        areaOfficeCodes: [AREA],
        include: [
          { type: 'Student', fields: ['pseudonym', 'gender', 'currentEnrollment', 'attendanceRate', 'nutritionStatus'] },
          { type: 'Enrollment', fields: ['gradeLevel'] },
          { type: 'StudentAttendanceRate', fields: ['rate'] },
          { type: 'NutritionStatus', fields: ['weightForHeight'] },
        ],
        purposes: ['การโอนเงินอุดหนุนแบบมีเงื่อนไข'],
        validFrom: '2026-01-01',
        validTo: '2028-12-31',
      },
    },
  );
  expect(created.errors).toBeUndefined();
  // The partner runs registered operations only: its export's two documents are registered for it.
  for (const [n, d] of Object.entries({ START, JOB })) {
    const reg = await as(
      'admin',
      `mutation($n: String!, $d: String!) { registerPartnerOperation(partnerCode: "EEF", name: $n, document: $d) { version } }`,
      { n, d },
    );
    expect(reg.errors).toBeUndefined();
  }
}, 600_000);
afterAll(async () => {
  await p?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const START = `mutation EefExport($area: String!) { startExport(profile: EEF_STUDENTS, format: CSV, scope: { areaOfficeCode: $area }) { id status } }`;
const JOB = `query EefExportJob($id: ID!) { exportJob(id: $id) { id status rowsDone rowsTotal error { code messageTh } fileName byteSize sha256 downloadUrl changeCursor } }`;

describe('a bulk export through the gateway', () => {
  it(`exports ${STUDENTS.toLocaleString('en')} students of an area as a partner, with progress, matching the profile`, async () => {
    const started = await as('eef', START, { area: AREA });
    expect(started.errors).toBeUndefined();
    const id = started.data.startExport.id as string;
    const t0 = Date.now();
    const progress: number[] = [];
    let job: any;
    await eventually(async () => {
      job = (await as('eef', JOB, { id })).data.exportJob;
      if (progress.at(-1) !== job.rowsDone) progress.push(job.rowsDone);
      return job.status === 'SUCCEEDED' || job.status === 'FAILED';
    }, 300_000);
    const seconds = (Date.now() - t0) / 1000;
    process.stdout.write(`export of ${job.rowsDone} students: ${seconds.toFixed(1)} s, ${job.byteSize} bytes, progress ${progress.length} steps\n`);
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ status: 'SUCCEEDED', rowsDone: STUDENTS, rowsTotal: STUDENTS });
    // Progress was reported on the way, not only at the end.
    expect(progress.filter((n) => n > 0 && n < STUDENTS).length).toBeGreaterThanOrEqual(2);

    // Another partner sees nothing of the job; the link needs the requester's token.
    expect((await as('other', JOB, { id })).data.exportJob).toBeNull();
    const link = `${p.gatewayBase}${job.downloadUrl}`;
    expect((await fetch(link, { headers: { authorization: `Bearer ${tokens.other}` } })).status).toBe(403);
    const tampered = link.replace(/\/([0-9a-f]{8})([0-9a-f]*)\/([^/]+)$/, (_m, a: string, b: string, f: string) => `/${b}${a}/${f}`);
    expect((await fetch(tampered, { headers: { authorization: `Bearer ${tokens.eef}` } })).status).not.toBe(200);
    const res = await fetch(link, { headers: { authorization: `Bearer ${tokens.eef}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const rows = text.replace(/^\uFEFF/, '').trimEnd().split(/\r?\n/);
    expect(rows).toHaveLength(STUDENTS + 1);
    const header = rows[0]!;
    expect(header).toContain('Pseudonym');
    expect(rows.slice(1).every((r) => /^"?P[0-9a-f]{24}"?,/.test(r))).toBe(true);
    // No national ID and no name of any exported child is in the file.
    const sample = nationalIds.filter((_, i) => i % 97 === 0);
    expect(sample.filter((nid) => text.includes(nid))).toEqual([]);
    expect(text.includes('ทดสอบข้อมูล')).toBe(false);
    expect(FIRST_NAMES.filter((n) => text.includes(n))).toEqual([]);
    // Pseudonyms are unique per child.
    expect(new Set(rows.slice(1).map((r) => r.split(',')[0])).size).toBe(STUDENTS);
  }, 400_000);
});
