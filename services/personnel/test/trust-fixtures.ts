import { randomUUID } from 'node:crypto';
import { syntheticNationalId } from '@smss/thai';
import {
  fakeArea,
  fakeSchool,
  registerStaff,
  replicateSchools,
  startPersonnel,
  token,
  type PersonnelHarness,
  type SchoolPayload,
} from './support';

/**
 * The world the trust tests run in (matrix, audit completeness, partners): two area offices, three
 * schools, five people — one transferred between schools with leave filed on both sides — and a viewer
 * for every role, in and out of reach. Every personal value is distinct, so a leak is a substring.
 */

/** The suite's pinned today (fiscal year 2570), so the fixed dates below stay valid. */
export const TODAY = '2026-11-24';
export const FISCAL_YEAR = 2570;

export type RecordType = 'StaffMember' | 'LeaveRequest' | 'TeachingLicence' | 'Appointment';

export interface FixtureRecord {
  key: string;
  type: RecordType;
  id: string;
  /** The raw personal and sensitive values of the record, by field. */
  raw: Record<string, string>;
  /** For staff: the fixture keys of their appointments, leave and licences. */
  appointments?: string[];
  leave?: string[];
  licences?: string[];
  currentAppointment?: string;
  /** For leave: whose it is. */
  staff?: string;
}

export interface Viewer {
  key: string;
  token: string;
  subject: string;
  role: string;
  org: string;
  pii: boolean;
  /** OBEC roles: no record is out of their reach. */
  obec: boolean;
  /** Fixture keys of the records this viewer may see (the oracle, written by hand below). */
  sees: ReadonlySet<string>;
  /** Pending leave this viewer is the approver of. */
  decides: ReadonlySet<string>;
  /** The viewer's own staff record, if any. */
  own?: string;
}

export interface TrustWorld {
  h: PersonnelHarness;
  areaA: string;
  areaB: string;
  schools: { X: SchoolPayload; Y: SchoolPayload; Z: SchoolPayload };
  records: Map<string, FixtureRecord>;
  byId: Map<string, FixtureRecord>;
  viewers: Viewer[];
  /** Every raw personal value of every fixture record. */
  allRaw: string[];
  /** Raw values of the records a viewer may not see. */
  rawHiddenFrom: (v: Viewer) => string[];
  rawOf: (keys: Iterable<string>) => string[];
}

interface PersonSpec {
  key: string;
  first: [string, string];
  last: [string, string];
  birthDate: string;
  phone: string;
  salary: string;
  licence?: string;
}

const PEOPLE: PersonSpec[] = [
  {
    key: 'sX',
    first: ['กานดา', 'Kandaxq'],
    last: ['ศรีสวัสดิ์', 'Srisawatxq'],
    birthDate: '1979-03-07',
    phone: '0815550101',
    salary: '31234.25',
    licence: 'LICX-7001-A',
  },
  {
    key: 'dX',
    first: ['ชยพล', 'Chayaphonxq'],
    last: ['วงศ์ใหญ่', 'Wongyaixq'],
    birthDate: '1971-08-19',
    phone: '0815550102',
    salary: '58760.50',
    licence: 'LICX-7002-B',
  },
  {
    key: 'mv',
    first: ['ธนพร', 'Thanaphonxq'],
    last: ['แก้วมณี', 'Kaewmaneexq'],
    birthDate: '1983-11-02',
    phone: '0815550103',
    salary: '29870.75',
    licence: 'LICX-7003-C',
  },
  {
    key: 'sZ',
    first: ['ปิยะนุช', 'Piyanuchxq'],
    last: ['ทองสุข', 'Thongsukxq'],
    birthDate: '1986-05-23',
    phone: '0815550104',
    salary: '27650.10',
    licence: 'LICX-7004-D',
  },
  {
    key: 'oA',
    first: ['วรรณา', 'Wannaxq'],
    last: ['บุญเรือง', 'Boonruangxq'],
    birthDate: '1975-01-30',
    phone: '0815550105',
    salary: '24310.60',
  },
];

const staffRaw = (p: PersonSpec, nationalId: string): Record<string, string> => ({
  nationalId,
  firstNameTh: p.first[0],
  lastNameTh: p.last[0],
  firstNameEn: p.first[1],
  lastNameEn: p.last[1],
  birthDate: p.birthDate,
  phone: p.phone,
  email: `${p.first[1].toLowerCase()}@example.test`,
  salary: p.salary,
});

let seed = 700_000 + Math.floor(Math.random() * 200_000) * 10;

/**
 * The matrix asks for every reachable field at once (and a thousand ids per request), far beyond what
 * a client may ask through the gateway; the operation limits are tested on their own, so they are
 * lifted here.
 */
const MATRIX_LIMITS = { maxDepth: 20, maxAliases: 5_000, maxCost: 100_000_000, defaultListSize: 20 };

export async function buildTrustWorld(): Promise<TrustWorld> {
  const h = await startPersonnel({ today: () => TODAY, limits: MATRIX_LIMITS });
  const admin = await token('obec-admin', 'OBEC');
  const areaA = fakeArea();
  let areaB: string;
  do areaB = fakeArea();
  while (areaB === areaA);
  const X = fakeSchool(areaA);
  const Y = fakeSchool(areaA);
  const Z = fakeSchool(areaB);
  await replicateSchools(h, [X, Y, Z]);
  const ds = h.service.dataSource;
  const records = new Map<string, FixtureRecord>();
  const add = (r: FixtureRecord) => records.set(r.key, r);
  const subjects: Record<string, string> = {
    sX: `test:self:sX:${randomUUID()}`,
    mv: `test:self:mv:${randomUUID()}`,
    sZ: `test:self:sZ:${randomUUID()}`,
  };
  const postings: Record<string, { schoolId?: string; areaOfficeCode?: string; positionType: string }> = {
    sX: { schoolId: X.id, positionType: 'TEACHER' },
    dX: { schoolId: X.id, positionType: 'DIRECTOR' },
    mv: { schoolId: X.id, positionType: 'TEACHER' },
    sZ: { schoolId: Z.id, positionType: 'TEACHER' },
    oA: { areaOfficeCode: areaA, positionType: 'GOVERNMENT_EMPLOYEE' },
  };
  for (const p of PEOPLE) {
    seed += 1;
    const nationalId = syntheticNationalId(seed);
    const raw = staffRaw(p, nationalId);
    const id = await registerStaff(
      h,
      admin,
      { ...postings[p.key]!, startDate: '2015-05-16' },
      {
        nationalId,
        firstNameTh: raw.firstNameTh,
        lastNameTh: raw.lastNameTh,
        firstNameEn: raw.firstNameEn,
        lastNameEn: raw.lastNameEn,
        birthDate: raw.birthDate,
        phone: raw.phone,
        email: raw.email,
        salary: raw.salary,
        accountSubject: subjects[p.key] ?? null,
        mainSubject: 'ภาษาไทย',
        qualifications: [{ degree: 'ค.บ.', major: 'ภาษาไทย', institution: 'มหาวิทยาลัยราชภัฏ', year: 2548 }],
      },
    );
    add({ key: p.key, type: 'StaffMember', id, raw, appointments: [], leave: [], licences: [] });
    if (p.licence) {
      const res = await h.q(
        `mutation($i: RecordTeachingLicenceInput!) { recordTeachingLicence(input: $i) { id } }`,
        { i: { staffId: id, licenceNumber: p.licence, issueDate: '2022-01-10', expiryDate: '2027-01-09' } },
        admin,
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      const key = `lic:${p.key}`;
      add({
        key,
        type: 'TeachingLicence',
        id: res.data.recordTeachingLicence.id,
        raw: { licenceNumber: p.licence },
      });
      records.get(p.key)!.licences!.push(key);
    }
  }
  const staffId = (k: string) => records.get(k)!.id;

  // The transfer X → Y (within area A, by its office), effective 1 Nov 2026.
  const moved = await h.q(
    `mutation($i: TransferStaffInput!) { transferStaff(input: $i) { id } }`,
    { i: { staffId: staffId('mv'), toSchoolId: Y.id, effectiveDate: '2026-11-01' } },
    await token('area-officer', areaA),
  );
  if (moved.errors) throw new Error(JSON.stringify(moved.errors));

  const tokens = {
    selfX: await token('school-staff', X.obecCode, subjects.sX),
    mvSelf: await token('school-staff', Y.obecCode, subjects.mv),
    selfZ: await token('school-staff', Z.obecCode, subjects.sZ),
    directorX: await token('school-director', X.obecCode),
  };
  const leave = async (
    key: string,
    who: string,
    t: string,
    input: Record<string, unknown>,
    raw: Record<string, string>,
  ) => {
    const res = await h.q(
      `mutation($i: RequestLeaveInput!) { requestLeave(input: $i) { id } }`,
      {
        i: {
          staffId: staffId(who),
          ...input,
          reason: raw.reason,
          contactDuringLeave: raw.contactDuringLeave,
        },
      },
      t,
    );
    if (res.errors) throw new Error(`${key}: ${JSON.stringify(res.errors)}`);
    add({ key, type: 'LeaveRequest', id: res.data.requestLeave.id, raw: { ...raw }, staff: who });
    records.get(who)!.leave!.push(key);
    return res.data.requestLeave.id as string;
  };
  await leave(
    'lv:sX',
    'sX',
    tokens.selfX,
    { leaveType: 'SICK', startDate: '2027-01-05', endDate: '2027-01-05' },
    {
      reason: 'ผ่าตัดไส้ติ่งโรงพยาบาลลพบุรี',
      contactDuringLeave: 'หอผู้ป่วยศัลยกรรมชั้นสาม',
    },
  );
  await leave(
    'lv:dX',
    'dX',
    admin,
    { leaveType: 'PERSONAL_BUSINESS', startDate: '2027-01-06', endDate: '2027-01-06' },
    {
      reason: 'ไปศาลคดีมรดกครอบครัว',
      contactDuringLeave: 'สำนักงานทนายความสมบูรณ์',
    },
  );
  // Filed after the transfer for a day before it: filed at X (the post in force that day), approved there.
  const old = await leave(
    'lv:mvOld',
    'mv',
    tokens.mvSelf,
    { leaveType: 'SICK', startDate: '2026-10-14', endDate: '2026-10-14' },
    {
      reason: 'ตรวจครรภ์ภาวะเสี่ยงสูง',
      contactDuringLeave: 'คลินิกฝากครรภ์วังเพลิง',
    },
  );
  const decided = await h.q(
    `mutation($id: ID!) { decideLeave(id: $id, decision: APPROVE, comment: "ขอใบรับรองแพทย์ย้อนหลัง") { id } }`,
    { id: old },
    tokens.directorX,
  );
  if (decided.errors) throw new Error(JSON.stringify(decided.errors));
  records.get('lv:mvOld')!.raw.decisionComment = 'ขอใบรับรองแพทย์ย้อนหลัง';
  await leave(
    'lv:mvNew',
    'mv',
    tokens.mvSelf,
    { leaveType: 'PERSONAL_BUSINESS', startDate: '2027-01-12', endDate: '2027-01-12' },
    {
      reason: 'ย้ายทะเบียนบ้านเขตใหม่',
      contactDuringLeave: 'ที่ว่าการอำเภอบ้านหมี่',
    },
  );
  await leave(
    'lv:sZ',
    'sZ',
    tokens.selfZ,
    { leaveType: 'SICK', startDate: '2027-01-05', endDate: '2027-01-05' },
    {
      reason: 'ไมเกรนรุนแรงเรื้อรัง',
      contactDuringLeave: 'บ้านพักครูหลังที่เจ็ด',
    },
  );
  await leave(
    'lv:oA',
    'oA',
    admin,
    { leaveType: 'PERSONAL_BUSINESS', startDate: '2027-01-07', endDate: '2027-01-07' },
    {
      reason: 'งานบวชหลานชายที่วัดคุ้งท่าเลา',
      contactDuringLeave: 'วัดคุ้งท่าเลาศาลาใหญ่',
    },
  );
  const cancelled = await leave(
    'lv:sXc',
    'sX',
    tokens.selfX,
    { leaveType: 'PERSONAL_BUSINESS', startDate: '2027-02-02', endDate: '2027-02-02' },
    {
      reason: 'พาแม่ไปฟอกไต',
      contactDuringLeave: 'ศูนย์ไตเทียมเมืองใหม่',
    },
  );
  const cancel = await h.q(
    `mutation($id: ID!) { cancelLeave(id: $id, reason: "แม่ย้ายไปรักษาต่างจังหวัด") { id } }`,
    { id: cancelled },
    tokens.selfX,
  );
  if (cancel.errors) throw new Error(JSON.stringify(cancel.errors));
  records.get('lv:sXc')!.raw.cancelReason = 'แม่ย้ายไปรักษาต่างจังหวัด';

  // Appointments, keyed by person and organisation.
  const apps: Array<{ id: string; staff_id: string; school_code: string | null; end_date: string | null }> =
    await ds.query(
      `SELECT id, staff_id, school_code, end_date FROM appointment WHERE staff_id = ANY($1::uuid[])`,
      [[...records.values()].filter((r) => r.type === 'StaffMember').map((r) => r.id)],
    );
  for (const a of apps) {
    const who = [...records.values()].find((r) => r.id === a.staff_id)!;
    const where =
      a.school_code === X.obecCode
        ? 'X'
        : a.school_code === Y.obecCode
          ? 'Y'
          : a.school_code === Z.obecCode
            ? 'Z'
            : 'A';
    const key = `ap:${who.key}:${where}`;
    add({ key, type: 'Appointment', id: a.id, raw: {} });
    who.appointments!.push(key);
    if (a.end_date == null) who.currentAppointment = key;
  }

  const all = [...records.keys()];
  const inAreaA = [
    'sX',
    'dX',
    'mv',
    'oA',
    'lic:sX',
    'lic:dX',
    'lic:mv',
    'lv:sX',
    'lv:dX',
    'lv:mvOld',
    'lv:mvNew',
    'lv:oA',
    'lv:sXc',
    'ap:sX:X',
    'ap:dX:X',
    'ap:mv:X',
    'ap:mv:Y',
    'ap:oA:A',
  ];
  const atX = [
    'sX',
    'dX',
    'lic:sX',
    'lic:dX',
    'lv:sX',
    'lv:dX',
    'lv:mvOld',
    'lv:sXc',
    'ap:sX:X',
    'ap:dX:X',
    'ap:mv:X',
  ];
  const atY = ['mv', 'lic:mv', 'lv:mvNew', 'ap:mv:Y'];
  const atZ = ['sZ', 'lic:sZ', 'lv:sZ', 'ap:sZ:Z'];
  const ownX = ['sX', 'lic:sX', 'lv:sX', 'lv:sXc', 'ap:sX:X'];
  const ownMv = ['mv', 'lic:mv', 'lv:mvOld', 'lv:mvNew', 'ap:mv:X', 'ap:mv:Y'];
  const viewer = async (
    key: string,
    role: Parameters<typeof token>[0],
    org: string,
    sees: string[],
    opts: { scopes?: string[]; subject?: string; decides?: string[]; own?: string } = {},
  ): Promise<Viewer> => {
    const subject = opts.subject ?? `test:${key}:${org}`;
    const t = await token(role, org, subject, opts.scopes);
    const scopes =
      opts.scopes ?? (role === 'obec-analyst' || role === 'partner' ? ['aggregates:read'] : ['pii:read']);
    return {
      key,
      token: t,
      subject,
      role,
      org,
      pii: scopes.includes('pii:read'),
      obec: role.startsWith('obec'),
      sees: new Set(sees),
      decides: new Set(opts.decides ?? []),
      own: opts.own,
    };
  };
  const viewers = [
    await viewer('obec-admin', 'obec-admin', 'OBEC', all),
    await viewer('obec-analyst', 'obec-analyst', 'OBEC', all),
    await viewer('area-officer A', 'area-officer', areaA, inAreaA, { decides: ['lv:dX', 'lv:oA'] }),
    await viewer('area-officer A without pii:read', 'area-officer', areaA, inAreaA, {
      scopes: ['aggregates:read'],
      decides: ['lv:dX', 'lv:oA'],
    }),
    await viewer('area-director A', 'area-director', areaA, inAreaA, { decides: ['lv:dX', 'lv:oA'] }),
    await viewer('area-officer B', 'area-officer', areaB, atZ),
    await viewer('school-director X', 'school-director', X.obecCode, atX, { decides: ['lv:sX'] }),
    await viewer('school-director X without pii:read', 'school-director', X.obecCode, atX, {
      scopes: [],
      decides: ['lv:sX'],
    }),
    await viewer('school-director Y (the new school)', 'school-director', Y.obecCode, atY, {
      decides: ['lv:mvNew'],
    }),
    await viewer('school-director Z (other area)', 'school-director', Z.obecCode, atZ, {
      decides: ['lv:sZ'],
    }),
    await viewer('school-staff X (themself)', 'school-staff', X.obecCode, ownX, {
      subject: subjects.sX,
      own: 'sX',
    }),
    await viewer('school-staff Y (the transferred teacher)', 'school-staff', Y.obecCode, ownMv, {
      subject: subjects.mv,
      own: 'mv',
    }),
    await viewer(
      'school-staff Z (themself)',
      'school-staff',
      Z.obecCode,
      ['sZ', 'lic:sZ', 'lv:sZ', 'ap:sZ:Z'],
      {
        subject: subjects.sZ,
        own: 'sZ',
      },
    ),
    await viewer('school-staff X (a colleague)', 'school-staff', X.obecCode, []),
    await viewer('partner', 'partner', 'EEF', []),
    await viewer('partner with pii:read', 'partner', 'EEF', [], { scopes: ['pii:read', 'aggregates:read'] }),
  ];
  const rawOf = (keys: Iterable<string>) => [...keys].flatMap((k) => Object.values(records.get(k)!.raw));
  return {
    h,
    areaA,
    areaB,
    schools: { X, Y, Z },
    records,
    byId: new Map([...records.values()].map((r) => [r.id, r])),
    viewers,
    allRaw: rawOf(records.keys()),
    rawHiddenFrom: (v) => rawOf(all.filter((k) => !v.sees.has(k))),
    rawOf,
  };
}

/** The personal and sensitive fields of each record type (as the SDL classifies them). */
export const PERSONAL_FIELDS: Record<RecordType, readonly string[]> = {
  StaffMember: [
    'nationalId',
    'firstNameTh',
    'lastNameTh',
    'firstNameEn',
    'lastNameEn',
    'birthDate',
    'phone',
    'email',
    'salary',
  ],
  TeachingLicence: ['licenceNumber'],
  LeaveRequest: ['reason', 'contactDuringLeave', 'decisionComment', 'cancelReason'],
  Appointment: [],
};
