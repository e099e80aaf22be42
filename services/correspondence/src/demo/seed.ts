import { orgLevelOfRole, type Role, type Viewer } from '@smss/auth';
import type { CorrespondenceDomain } from '../domain';
import { createCorrespondenceDomain } from '../domain';
import { OBEC } from '../modules/access/organisations';

/**
 * Demo correspondence for the directory the replica holds (the Lopburi sandbox by default): every area
 * office and school gets a letter code; OBEC circulates an urgent letter to every area office ten days ago
 * (its deadline has passed), each office registers it and forwards it to its schools, about half of the
 * schools acknowledge; each office issues an order; a few schools write to their office; one secret letter
 * goes from an office to a school through their registrars; one school registers a letter that came on
 * paper. All synthetic. Deterministic, and resumable: each step looks for what it made before (the seed
 * account's letters by subject) and does only what is missing. The logins are the dev token command's
 * default subjects (`npm run token -- --role area-director --org 1601` sees the secret letter).
 */
const SEED = 'demo:seed';
const viewer = (role: Role, orgCode: string): Viewer => ({
  authenticated: true,
  subject: `dev:${role}:${orgCode}`,
  role,
  level: orgLevelOfRole[role],
  orgCode,
  scopes: ['pii:read'],
});

const AREA_NAMES: Record<string, string> = {
  '1601': 'สำนักงานเขตพื้นที่การศึกษาประถมศึกษาลพบุรี เขต 1',
  '1602': 'สำนักงานเขตพื้นที่การศึกษาประถมศึกษาลพบุรี เขต 2',
  '1650': 'สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาลพบุรี',
};

export interface DemoProgress {
  progress?: (line: string) => void;
  replicaCaughtUp?: () => Promise<boolean>;
  /** How long to wait for the directory replica (default 10 minutes). */
  waitMs?: number;
}

export async function seedDemoCorrespondence(
  domain: CorrespondenceDomain,
  opts: DemoProgress = {},
): Promise<void> {
  const db = domain.db;
  const say = opts.progress ?? (() => undefined);
  const deadline = Date.now() + (opts.waitMs ?? 600_000);
  // The directory arrives by events: wait until the replica has it.
  for (;;) {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM directory_school_replica`);
    if (n > 0 && (await (opts.replicaCaughtUp?.() ?? Promise.resolve(true)))) break;
    if (Date.now() > deadline) throw new Error('the directory replica stayed empty: no demo letters');
    await new Promise((r) => setTimeout(r, 2000));
  }
  const schools: Array<{ code: string; area: string; id: string; name: string }> = await db.query(
    `SELECT obec_code AS code, area_office_code AS area, school_id AS id, name_th AS name
       FROM directory_school_replica WHERE status = 'OPEN' ORDER BY obec_code`,
  );
  const areas = [...new Set(schools.map((s) => s.area))].sort();
  const national = schools.length > 1000;
  const s = domain.services;
  const admin = viewer('obec-admin', OBEC);

  // 1. Letter codes (idempotent upserts).
  await s.units.configure(admin, {
    orgCode: OBEC,
    letterCode: 'ศธ 04',
    nameTh: 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน',
  });
  const areaCode = new Map(areas.map((a, i) => [a, `ศธ 04${String(100 + i).padStart(3, '0')}`]));
  for (const a of areas)
    await s.units.configure(admin, {
      orgCode: a,
      letterCode: areaCode.get(a)!,
      nameTh: AREA_NAMES[a] ?? `สำนักงานเขตพื้นที่การศึกษา ${a}`,
    });
  const seq = new Map<string, number>();
  for (const school of schools) {
    const n = (seq.get(school.area) ?? 0) + 1;
    seq.set(school.area, n);
    await db.query(
      `INSERT INTO correspondence_unit (org_code, name_th, letter_code, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (org_code) DO NOTHING`,
      [school.code, school.name, `${areaCode.get(school.area)}.${n}`, SEED],
    );
  }
  say(
    `demo correspondence: letter codes for OBEC, ${areas.length} area offices and ${schools.length} schools`,
  );

  const made = async (subject: string, holder: string) =>
    (
      await db.query(`SELECT id FROM letter WHERE holder_org = $1 AND subject = $2 LIMIT 1`, [
        holder,
        subject,
      ])
    )[0]?.id as string | undefined;
  const now = domain.clock();
  const day = 86_400_000;

  // 2. OBEC's urgent circular ten days ago, due three days later: overdue where nobody acknowledged it.
  const circularSubject = 'ขอความร่วมมือรายงานข้อมูลนักเรียนรายบุคคล (DMC) ภาคเรียนที่ 2';
  let circularId = await made(circularSubject, OBEC);
  if (!circularId) {
    const past = createCorrespondenceDomain(db, { clock: () => new Date(now.getTime() - 10 * day) });
    circularId = (
      await past.services.letters.send(
        admin,
        {
          kind: 'EXTERNAL',
          subject: circularSubject,
          circular: true,
          urgency: 'MOST_URGENT',
          dueAt: new Date(now.getTime() - 7 * day).toISOString(),
          toText: 'ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาทุกเขต',
          body: 'ด้วย สพฐ. ขอให้สำนักงานเขตพื้นที่การศึกษาแจ้งโรงเรียนในสังกัดรายงานข้อมูลนักเรียนรายบุคคลให้แล้วเสร็จภายในกำหนด',
          signedBy: 'นายสมมติ ตัวอย่าง',
          signerPosition: 'เลขาธิการคณะกรรมการการศึกษาขั้นพื้นฐาน',
          recipients: { allAreaOffices: true },
        },
        SEED,
      )
    ).id;
  }
  say('demo correspondence: OBEC circular sent to every area office');

  // 3. Each office registers it, forwards it to its schools; about half the schools acknowledge.
  for (const a of areas) {
    const officer = viewer('area-officer', a);
    const [delivery] = (
      await domain.repos.deliveries.page(
        officer,
        { letterId: circularId, recipientOrg: a },
        { limit: 1, offset: 0 },
      )
    ).rows;
    if (!delivery) continue;
    if (!delivery.receivedAt)
      await s.circulation.receive(officer, { deliveryId: delivery.id, action: 'แจ้งโรงเรียนในสังกัด' });
    const forwarded = await db.query(`SELECT 1 FROM delivery WHERE parent_id = $1 LIMIT 1`, [delivery.id]);
    if (!forwarded.length)
      await s.circulation.forward(
        officer,
        { deliveryId: delivery.id, recipients: { allSchools: true } },
        SEED,
      );
    const mine = schools.filter((x) => x.area === a);
    const acknowledging = mine.filter((_, i) => i % 2 === 0).slice(0, national ? 10 : undefined);
    const open: Array<{ id: string; org: string }> = await db.query(
      `SELECT id, recipient_org AS org FROM delivery WHERE parent_id = $1 AND acknowledged_at IS NULL AND recipient_org = ANY($2::text[])`,
      [delivery.id, acknowledging.map((x) => x.code)],
    );
    for (const d of open)
      await s.circulation.acknowledge(
        viewer('school-staff', d.org),
        { deliveryId: d.id, note: 'รับทราบและดำเนินการแล้ว' },
        SEED,
      );
    // An order of the office to its schools.
    const orderSubject = 'แต่งตั้งคณะกรรมการดำเนินการทดสอบความสามารถพื้นฐานของผู้เรียน';
    if (!(await made(orderSubject, a)))
      await s.letters.send(
        viewer('area-director', a),
        {
          kind: 'DIRECTIVE',
          form: 'ORDER',
          subject: orderSubject,
          toText: 'ผู้อำนวยการโรงเรียนในสังกัด',
          body: 'อาศัยอำนาจตามความในมาตรา 37 แห่งพระราชบัญญัติระเบียบบริหารราชการกระทรวงศึกษาธิการ จึงแต่งตั้งคณะกรรมการดังนี้',
          recipients: { allSchools: true },
          dueAt: new Date(now.getTime() + 14 * day).toISOString(),
        },
        SEED,
      );
    // A few schools write to their office.
    for (const school of mine.slice(0, 3)) {
      const subject = `ขออนุญาตใช้อาคารเรียนจัดกิจกรรม ${school.name}`;
      if (!(await made(subject, school.code)))
        await s.letters.send(
          viewer('school-director', school.code),
          { kind: 'EXTERNAL', subject, recipients: { orgCodes: [a] }, retentionClass: 'ROUTINE_1_YEAR' },
          SEED,
        );
    }
  }
  say('demo correspondence: circular forwarded to every school, acknowledgements, orders, school letters');

  // 4. One secret letter from the first office to its first school, through their registrars.
  const firstArea = areas[0];
  const firstSchool = schools.find((x) => x.area === firstArea);
  if (firstArea && firstSchool) {
    await s.units.designate(viewer('area-director', firstArea), {
      orgCode: firstArea,
      subject: `dev:area-director:${firstArea}`,
    });
    await s.units.designate(viewer('school-director', firstSchool.code), {
      orgCode: firstSchool.code,
      subject: `dev:school-director:${firstSchool.code}`,
    });
    const secretSubject = 'ผลการสอบสวนข้อเท็จจริงกรณีร้องเรียน';
    if (!(await made(secretSubject, firstArea)))
      await s.letters.send(
        viewer('area-director', firstArea),
        {
          kind: 'EXTERNAL',
          subject: secretSubject,
          secrecy: 'CONFIDENTIAL',
          retentionClass: 'SECRET_PER_SECRECY_REGULATION',
          recipients: { orgCodes: [firstSchool.code] },
          namedRecipients: [`dev:school-director:${firstSchool.code}`],
        },
        SEED,
      );
    // 5. A letter that came on paper from the province.
    const paperSubject = 'เชิญประชุมคณะกรรมการจัดงานวันเด็กแห่งชาติ ระดับจังหวัด';
    if (!(await made(paperSubject, firstSchool.code)))
      await s.circulation.receive(viewer('school-staff', firstSchool.code), {
        paper: {
          kind: 'EXTERNAL',
          documentNumber: 'ลบ 0017/ว 123',
          letterDate: new Date(now.getTime() - 2 * day).toISOString().slice(0, 10),
          fromText: 'ศาลากลางจังหวัดลพบุรี',
          toText: `ผู้อำนวยการ${firstSchool.name}`,
          subject: paperSubject,
        },
        action: 'เสนอผู้อำนวยการ',
      });
  }
  say('demo correspondence: done');
}
