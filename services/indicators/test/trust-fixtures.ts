import { randomUUID } from 'node:crypto';
import { DEFAULT_SCOPES, type Role } from '@smss/auth';
import { buildEnvelope, DmcSnapshotPublished, type HandlerRegistration } from '@smss/events';
import { recordEnrolmentWhenDmcSnapshotPublished } from '../src/events/record-enrolment-when-dmc-snapshot-published.handler';
import { createCatalogue, evidenceFor, M, ok, openRound, THIS_YEAR, token, type IndicatorsHarness, type TestSchool } from './support';

/*
 * The world the generated trust tests (matrix, audit completeness) read: two area offices A and B, a
 * school of A, one record of every kind each with synthetic personal values the tests look for in
 * responses, and 1,000 results of a third area C that no viewer below OBEC may see.
 */

export const A = '9501';
export const B = '9502';
export const C = '9503';

export interface TrustWorld {
  schoolA: TestSchool;
  otherSchoolA: TestSchool;
  schoolB: TestSchool;
  ids: Record<string, string>;
  /** Results by owner: the area office A, its school, the area office B, A's ARS result with projects. */
  results: { A: string; SA: string; B: string; arsA: string };
  projectId: string;
  /** Raw personal values by owner. */
  raw: { A: string[]; SA: string[]; B: string[] };
  outOfScope: { ids: string[]; raw: string[] };
}

export interface Viewer {
  name: string;
  role: Role;
  org: string;
  scopes?: string[];
  subject: string;
  token: string;
  /** Which owners' records it may see. */
  sees: ReadonlySet<'A' | 'SA' | 'B'>;
}

export const hasPii = (v: Pick<Viewer, 'role' | 'scopes'>) => (v.scopes ?? DEFAULT_SCOPES[v.role]).includes('pii:read');
export const canUnmask = (v: Viewer) => hasPii(v) && v.role !== 'partner';

export async function viewers(w: TrustWorld): Promise<Viewer[]> {
  const list: Array<Omit<Viewer, 'token' | 'subject'>> = [
    { name: 'OBEC administrator', role: 'obec-admin', org: 'OBEC', sees: new Set(['A', 'SA', 'B']) },
    { name: 'OBEC analyst', role: 'obec-analyst', org: 'OBEC', sees: new Set(['A', 'SA', 'B']) },
    { name: 'area officer of A', role: 'area-officer', org: A, sees: new Set(['A', 'SA']) },
    { name: 'area director of A', role: 'area-director', org: A, sees: new Set(['A', 'SA']) },
    { name: 'area officer of B', role: 'area-officer', org: B, sees: new Set(['B']) },
    { name: 'director of the school of A', role: 'school-director', org: w.schoolA.obecCode, sees: new Set(['SA']) },
    { name: 'staff of the school of A', role: 'school-staff', org: w.schoolA.obecCode, sees: new Set(['SA']) },
    { name: 'staff of another school of A', role: 'school-staff', org: w.otherSchoolA.obecCode, sees: new Set() },
    { name: 'partner', role: 'partner', org: 'EEF', sees: new Set() },
    { name: 'partner with pii:read', role: 'partner', org: 'EEF', scopes: ['aggregates:read', 'pii:read'], sees: new Set() },
    { name: 'staff of the school of A without pii:read', role: 'school-staff', org: w.schoolA.obecCode, scopes: [], sees: new Set(['SA']) },
  ];
  return Promise.all(
    list.map(async (v) => {
      const subject = `test:${v.name.replace(/\s+/g, '-')}`;
      return { ...v, subject, token: await token(v.role, v.org, v.scopes, subject) };
    }),
  );
}

async function enrolment(h: IndicatorsHarness, school: TestSchool, students: number) {
  const envelope = buildEnvelope(DmcSnapshotPublished, school.id, {
    snapshotId: randomUUID(),
    roundId: randomUUID(),
    academicYear: THIS_YEAR - 1,
    round: 'TERM2',
    asOfDate: `${THIS_YEAR - 544}-11-10`,
    schoolId: school.id,
    schoolCode: school.obecCode,
    areaOfficeCode: school.areaOfficeCode,
    provinceCode: school.areaOfficeCode.slice(0, 2),
    snapshotVersion: 1,
    grades: [],
    totalStudents: students,
  });
  await h.service.dataSource.transaction((m) =>
    (recordEnrolmentWhenDmcSnapshotPublished as HandlerRegistration).handle(envelope as never, m),
  );
}

export async function buildTrustWorld(h: IndicatorsHarness): Promise<TrustWorld> {
  const schoolA = await h.addSchool(A);
  const otherSchoolA = await h.addSchool(A);
  const schoolB = await h.addSchool(B);
  const schoolC = await h.addSchool(C);
  const ids = await createCatalogue(h, THIS_YEAR, [
    { code: 'K1', weight: '100' },
    { code: 'S1', weight: '100', ownerLevel: 'SCHOOL' },
    { code: 'R1', weight: '100', framework: 'ARS' },
  ]);
  const admin = await token('obec-admin', 'OBEC');
  ids.P11 = ok(
    await h.q(
      M.createIndicator,
      {
        i: {
          fiscalYear: THIS_YEAR,
          framework: 'PMQA',
          code: '1.1',
          nameTh: 'การนำองค์การโดยผู้บริหาร',
          nameEn: 'Senior leadership',
          unit: 'ระดับ',
          weight: '0',
          ownerLevel: 'AREA_OFFICE',
          pmqaCategory: 1,
          scoring: { method: 'PMQA_LEVEL' },
        },
      },
      admin,
    ),
  ).createIndicator.id;
  await openRound(h, THIS_YEAR, 12);
  const raw = {
    A: ['นางสาวผู้รายงานเขตเอ', '036 100 001', 'นายผู้รับผิดชอบหลักฐานเอ'],
    SA: ['นายผู้รายงานโรงเรียนเอ', '036 100 002'],
    B: ['นางผู้รายงานเขตบี', '036 100 003', 'นายผู้รับผิดชอบหลักฐานบี'],
  };
  const report = async (org: string, indicator: string, reporter: [string, string], who: [Role, Role], extra: object = {}) => {
    const [reporterRole, approverRole] = who;
    const officer = await token(reporterRole, org);
    const evidence = await evidenceFor(h, org, officer);
    const r = ok(
      await h.q(
        M.submit,
        {
          i: {
            indicatorId: indicator,
            roundMonth: 12,
            orgCode: org,
            value: '85',
            narrative: 'ดำเนินการตามแผน',
            evidenceFileIds: [evidence],
            reporterName: reporter[0],
            reporterPhone: reporter[1],
            ...extra,
          },
        },
        officer,
      ),
    ).submitIndicatorResult;
    const areaOfOrg = org.length === 10 ? org.slice(2, 6) : org;
    ok(await h.q(M.approve, { id: r.id }, await token(approverRole, areaOfOrg)));
    return r.id as string;
  };
  const projectId = randomUUID();
  const results = {
    A: await report(A, ids.K1!, [raw.A[0]!, raw.A[1]!], ['area-officer', 'area-director']),
    SA: await report(schoolA.obecCode, ids.S1!, [raw.SA[0]!, raw.SA[1]!], ['school-staff', 'area-director']),
    B: await report(B, ids.K1!, [raw.B[0]!, raw.B[1]!], ['area-officer', 'area-director']),
    arsA: await report(A, ids.R1!, [raw.A[0]!, raw.A[1]!], ['area-officer', 'area-director'], { projectIds: [projectId] }),
  };
  const assess = async (org: string, responsible: string) =>
    ok(
      await h.q(
        `mutation($i: PmqaCriterionInput!) { assessPmqaCriterion(input: $i) { status } }`,
        {
          i: {
            orgCode: org,
            criterionId: ids.P11,
            level: 'ADVANCE',
            approach: 'A',
            deployment: 'D',
            learning: 'L',
            results: 'R',
            evidence: [
              { title: 'คำสั่งแต่งตั้ง', responsiblePerson: responsible, fileId: await evidenceFor(h, org, await token('area-director', org)) },
              { title: 'รายงานการประชุม', responsiblePerson: responsible },
            ],
          },
        },
        await token('area-director', org),
      ),
    );
  await assess(A, raw.A[2]!);
  await assess(B, raw.B[2]!);
  await enrolment(h, schoolA, 420);
  await enrolment(h, schoolB, 310);
  // The out-of-scope bulk: 1,000 results of area C with reporters, written directly.
  const outRaw = Array.from({ length: 1000 }, (_, i) => `นายผู้รายงานลับ${i}ก`);
  // One school each (the replica holds them, as the directory events would put them there).
  const codes = outRaw.map((_, i) => `10${C}${String(5000 + i).padStart(4, '0')}`);
  await h.service.dataSource.query(
    `INSERT INTO directory_school_replica (school_id, obec_code, name_th, area_office_code, province_code, district_code,
                                           status, version, updated_at)
     SELECT gen_random_uuid(), c, 'โรงเรียนนอกขอบเขต', $2, left($2, 2), left($2, 2) || '01', 'OPEN', 1, now()
       FROM unnest($1::text[]) AS c`,
    [codes, C],
  );
  const rows: Array<{ id: string }> = await h.service.dataSource.query(
    `INSERT INTO indicator_result (indicator_id, round_id, org_level, org_code, area_office_code, school_code, status,
                                   value, score, weighted_score, reporter_name, reporter_phone, created_by)
     SELECT $1, (SELECT id FROM reporting_round WHERE fiscal_year = $2 AND month = 12), 'SCHOOL', u.code, $3, u.code,
            'SUBMITTED', 80, 3, 3, u.name, '036 999 999', 'test'
       FROM unnest($4::text[], $5::text[]) AS u(code, name)
     RETURNING id`,
    [ids.S1, THIS_YEAR, C, codes, outRaw],
  );
  void schoolC;
  return { schoolA, otherSchoolA, schoolB, ids, results, projectId, raw, outOfScope: { ids: rows.map((r) => r.id), raw: outRaw } };
}
