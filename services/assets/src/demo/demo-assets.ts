import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { nationalIdCheckDigit } from '@smss/thai';
import { AssetChanged, BuildingSurveyClosed, enqueueEvents, InfrastructureReported } from '@smss/events';
import { assetChangedEvent, AssetService } from '../modules/asset/asset.service';
import { infrastructureReported } from '../modules/infrastructure/infrastructure.service';
import { buildingSurveyClosed } from '../modules/survey/survey.service';
import { defaultWindow, surveyLines } from '../modules/survey/survey.rules';
import type { NewAsset } from '../modules/asset/asset.types';
import { createRepositories } from '../context';
import { parseRecordBuilding } from '../modules/building/building.rules';
import type { BuildingFacts } from '../modules/building/building.types';

/*
 * Deterministic, synthetic demo data for the Lopburi sandbox (or every school, `DEMO_DATA=national`):
 * the same school (OBEC code) always gets the same buildings, repairs, durable goods, one received
 * procurement and its infrastructure. No person appears: custodians and committees are left empty (the
 * demo staff's ids belong to personnel), and the vendor is a made-up company with a well-formed tax ID.
 * Fixed dates (fiscal years 2525–2569), so the data does not depend on the day it is generated.
 */

export interface DemoSchool {
  id: string;
  obecCode: string;
  schoolType: string;
  levels: string[];
}

/** mulberry32 seeded by the OBEC code. */
function rng(text: string) {
  let a = createHash('sha256').update(text).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The day the demo's registers are as of (the end of fiscal year 2569). */
const DEMO_TODAY = '2026-09-30';

/** The demo's B-OBEC survey round: fiscal year 2569, in its default window, closed the day after. */
const DEMO_SURVEY = {
  fiscalYear: 2569,
  ...defaultWindow(2569),
  submittedAt: '2025-10-20T03:00:00.000Z',
  reviewedAt: '2025-10-28T03:00:00.000Z',
  closedAt: '2025-10-31T03:00:00.000Z',
};

const pad = (n: number) => String(n).padStart(2, '0');
/** A day in a fiscal year (B.E.), from 0 ≤ r < 1. */
function dayIn(fiscalYear: number, r: number): string {
  const start = Date.UTC(fiscalYear - 544, 9, 1);
  const d = new Date(start + Math.floor(r * 364) * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

interface DemoBuilding {
  facts: BuildingFacts;
  repair?: { repairedOn: string; description: string; cost: string; budgetSource: string };
}

export function demoBuildings(school: DemoSchool): DemoBuilding[] {
  const r = rng(`buildings:${school.obecCode}`);
  const secondary = school.schoolType === 'SECONDARY' || school.levels.includes('UPPER_SECONDARY');
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const list: Array<
    Omit<BuildingFacts, 'condition' | 'conditionAssessedOn' | 'conditionPhotoSha256' | 'status'>
  > = [];
  const classroomBuildings = secondary ? 2 + Math.floor(r() * 4) : 1 + Math.floor(r() * 3);
  for (let i = 0; i < classroomBuildings; i += 1) {
    const model = secondary
      ? pick(['108ล', '212ล', '216ล', '318ล', '324ล'])
      : pick(['ป.1ฉ', 'สปช.101/26', 'สปช.102/26', 'สปช.105/29']);
    const big = model.endsWith('ล');
    const year = secondary ? 2525 + Math.floor(r() * 40) : 2510 + Math.floor(r() * 50);
    const classrooms = big ? 8 + Math.floor(r() * 16) : 3 + Math.floor(r() * 4);
    list.push({
      name: `อาคาร ${i + 1}`,
      typeCode: model.startsWith('ป.') ? 'CLASSROOM_P' : big ? 'CLASSROOM_L' : 'CLASSROOM_ONPEC',
      modelCode: model,
      yearBuilt: year,
      constructionCost: `${(big ? 4_000_000 + Math.floor(r() * 9_000_000) : 300_000 + Math.floor(r() * 1_500_000)).toString()}.00`,
      budgetSource: r() < 0.9 ? 'OBEC_BUDGET' : 'LOCAL_GOVERNMENT',
      floors: big ? 2 + Math.floor(r() * 3) : 1 + Math.floor(r() * 2),
      floorArea: `${big ? 900 + Math.floor(r() * 2400) : 180 + Math.floor(r() * 360)}.${pad(Math.floor(r() * 100))}`,
      designRooms: classrooms,
      rooms: [
        { use: 'CLASSROOM', count: Math.max(1, classrooms - Math.floor(r() * 3)) },
        ...(r() < 0.5 ? [{ use: 'COMPUTER_LAB' as const, count: 1 }] : []),
        { use: 'OFFICE', count: 1 },
      ],
    });
  }
  if (r() < 0.7)
    list.push({
      name: 'อาคารอเนกประสงค์',
      typeCode: r() < 0.6 ? 'MULTIPURPOSE_STANDARD' : 'MULTIPURPOSE_OTHER',
      modelCode: null,
      yearBuilt: 2530 + Math.floor(r() * 35),
      constructionCost: `${1_000_000 + Math.floor(r() * 3_000_000)}.00`,
      budgetSource: pick(['OBEC_BUDGET', 'LOCAL_GOVERNMENT', 'DONATION'] as const),
      floors: 1,
      floorArea: `${300 + Math.floor(r() * 500)}.00`,
      designRooms: null,
      rooms: [],
    });
  for (let i = 0; i < 1 + Math.floor(r() * 2); i += 1)
    list.push({
      name: `ส้วม ${i + 1}`,
      typeCode: 'TOILET_STANDARD',
      modelCode: 'สปช.601/26',
      yearBuilt: 2530 + Math.floor(r() * 35),
      constructionCost: `${80_000 + Math.floor(r() * 300_000)}.00`,
      budgetSource: 'OBEC_BUDGET',
      floors: 1,
      floorArea: null,
      designRooms: null,
      rooms: [{ use: 'TOILET', count: 4 + Math.floor(r() * 6) }],
    });
  for (let i = 0; i < Math.floor(r() * 3); i += 1)
    list.push({
      name: `บ้านพักครู ${i + 1}`,
      typeCode: 'TEACHER_HOUSE',
      modelCode: null,
      yearBuilt: 2515 + Math.floor(r() * 40),
      constructionCost: null,
      budgetSource: 'OBEC_BUDGET',
      floors: 1,
      floorArea: null,
      designRooms: null,
      rooms: [],
    });
  return list.map((b) => {
    const age = 2569 - b.yearBuilt;
    const x = r() + age / 80;
    const condition = x < 0.55 ? 'GOOD' : x < 0.95 ? 'NEEDS_REPAIR' : x < 1.25 ? 'DILAPIDATED' : 'UNSAFE';
    const { facts } = parseRecordBuilding(
      {
        schoolId: school.id,
        ...b,
        floorArea: b.floorArea ? Number(b.floorArea) : null,
        condition,
        conditionAssessedOn: dayIn(2569, r()),
        conditionPhotoSha256: [sha(`${school.obecCode}:${b.name}:photo`)],
      },
      DEMO_TODAY,
    );
    const repair =
      condition !== 'GOOD' && r() < 0.5
        ? {
            repairedOn: dayIn(2565 + Math.floor(r() * 5), r()),
            description: pick(['ซ่อมหลังคารั่ว', 'ทาสีอาคาร', 'เปลี่ยนฝ้าเพดาน', 'ซ่อมระบบไฟฟ้า', 'ปรับปรุงห้องน้ำ']),
            cost: `${20_000 + Math.floor(r() * 300_000)}.${pad(Math.floor(r() * 100))}`,
            budgetSource: pick(['OBEC_BUDGET', 'SCHOOL_INCOME', 'DONATION']),
          }
        : undefined;
    return { facts, repair };
  });
}

/** The durable goods of a demo school, without codes (the register gives them). */
export function demoAssets(school: DemoSchool): NewAsset[] {
  const r = rng(`assets:${school.obecCode}`);
  const secondary = school.schoolType === 'SECONDARY' || school.levels.includes('UPPER_SECONDARY');
  const out: NewAsset[] = [];
  const add = (
    categoryCode: string,
    description: string,
    cost: string,
    count: number,
    usage: NewAsset['usage'],
    years: [number, number],
  ) => {
    for (let i = 0; i < count; i += 1) {
      const fy = years[0] + Math.floor(r() * (years[1] - years[0] + 1));
      out.push({
        schoolId: school.id,
        categoryCode,
        description,
        brandModel: null,
        serialNumber: `SN${school.obecCode.slice(-4)}${String(out.length + 1).padStart(4, '0')}`,
        acquisitionMethod: r() < 0.9 ? 'PURCHASE' : 'DONATION',
        acquiredOn: dayIn(fy, r()),
        cost,
        usage,
        location: usage === 'TEACHING' ? 'ห้องเรียน' : 'ห้องธุรการ',
        buildingId: null,
        custodianStaffId: null,
        procurementId: null,
      });
    }
  };
  const size = secondary ? 3 : 1;
  add(
    '7440-001',
    'เครื่องคอมพิวเตอร์ตั้งโต๊ะ สำหรับการเรียนการสอน',
    '17000.00',
    (5 + Math.floor(r() * 15)) * size,
    'TEACHING',
    [2558, 2569],
  );
  add('7440-003', 'เครื่องคอมพิวเตอร์แท็บเล็ต', '9500.00', Math.floor(r() * 10) * size, 'TEACHING', [2563, 2569]);
  add(
    '7440-002',
    'เครื่องคอมพิวเตอร์โน้ตบุ๊ก สำหรับงานสำนักงาน',
    '24500.00',
    1 + Math.floor(r() * 3),
    'ADMINISTRATION',
    [2560, 2569],
  );
  add('7440-004', 'เครื่องพิมพ์เลเซอร์', '7900.00', 1 + Math.floor(r() * 2), 'ADMINISTRATION', [2562, 2569]);
  add('7110-001', 'โต๊ะทำงานเหล็ก', '4500.00', 3 + Math.floor(r() * 8), 'ADMINISTRATION', [2550, 2569]);
  add('7110-003', 'ตู้เอกสารเหล็ก 2 บาน', '5900.00', 2 + Math.floor(r() * 5), 'ADMINISTRATION', [2550, 2569]);
  add('7110-010', 'ชุดโต๊ะเก้าอี้นักเรียน', '2150.00', 10 + Math.floor(r() * 30) * size, 'TEACHING', [2555, 2569]);
  add(
    '4120-001',
    'เครื่องปรับอากาศ 24,000 บีทียู',
    '32500.00',
    1 + Math.floor(r() * 4) * size,
    'ADMINISTRATION',
    [2558, 2569],
  );
  add(
    '6730-001',
    'เครื่องฉายภาพโปรเจกเตอร์',
    '18900.00',
    1 + Math.floor(r() * 4) * size,
    'TEACHING',
    [2558, 2569],
  );
  add('5830-001', 'ชุดเครื่องขยายเสียง', '15000.00', 1, 'OTHER', [2555, 2569]);
  add('7490-001', 'เครื่องถ่ายเอกสาร', '85000.00', r() < 0.6 ? 1 : 0, 'ADMINISTRATION', [2558, 2569]);
  add('7310-001', 'ตู้เย็น 12 คิว', '12900.00', r() < 0.5 ? 1 : 0, 'OTHER', [2558, 2569]);
  add('3750-001', 'เครื่องตัดหญ้าแบบสะพาย', '9800.00', 1, 'OTHER', [2560, 2569]);
  add('2340-001', 'รถจักรยานยนต์ 110 ซีซี', '45000.00', r() < 0.4 ? 1 : 0, 'ADMINISTRATION', [2555, 2569]);
  if (secondary)
    add('2310-001', 'รถตู้โดยสาร 12 ที่นั่ง', '1250000.00', r() < 0.5 ? 1 : 0, 'ADMINISTRATION', [2558, 2569]);
  return out;
}

/** A made-up company's 13-digit juristic tax ID (0 + 105 + 9 digits + check digit), not a real company. */
function demoTaxId(seed: number): string {
  const first12 = `0105599${String(seed % 100_000).padStart(5, '0')}`;
  return `${first12}${nationalIdCheckDigit(first12)}`;
}

/** Give each new school its demo data, once per OBEC code (`demo_school`), in the caller's transaction. */
export async function seedDemoSchools(manager: EntityManager, schools: DemoSchool[]): Promise<void> {
  const fresh: Array<{ obec_code: string }> = await manager.query(
    `INSERT INTO demo_school (obec_code) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING obec_code`,
    [schools.map((s) => s.obecCode)],
  );
  const todo = schools.filter((s) => fresh.some((f) => f.obec_code === s.obecCode));
  if (!todo.length) return;
  const db = manager.connection;
  const repos = createRepositories(db);
  const assets = new AssetService(
    db,
    repos.assets,
    repos.placements,
    repos.reference,
    repos.summaries,
    () => DEMO_TODAY,
  );
  const by = 'demo';
  for (const school of todo) {
    for (const b of demoBuildings(school)) {
      const id = await repos.buildings.insert(manager, school.id, b.facts, by);
      if (b.repair)
        await repos.buildings.insertRepair(manager, { buildingId: id, schoolId: school.id, ...b.repair }, by);
    }
    const registered = await assets.createAssets(manager, demoAssets(school), by);
    // One old teaching computer sold in fiscal year 2568, approved by the director.
    const old = registered.find((a) => a.categoryCode === '7440-001' && a.acquiredOn < '2016-01-01');
    if (old) {
      await manager.query(
        `INSERT INTO asset_disposal (asset_id, school_id, method, reason, proceeds, recipient, status, asset_status_before,
                                     requested_on, requested_by, decided_on, decided_by, disposed_on, book_value_at_disposal)
         VALUES ($1, $2, 'SALE', 'ชำรุดเสื่อมสภาพ ใช้งานไม่ได้ตามรายงานคณะกรรมการ', '800.00', 'ร้านรับซื้อของเก่า (ตัวอย่าง)',
                 'APPROVED', 'DAMAGED', '2025-06-02', 'demo', '2025-06-16', 'demo', '2025-06-16', '1.00')`,
        [old.id, school.id],
      );
      await repos.assets.setStatus(manager, [old.id], 'DISPOSED', '2025-06-16');
      const [after] = await repos.assets.byIds([old.id], manager);
      await enqueueEvents(manager, AssetChanged, [
        { aggregateId: old.id, payload: assetChangedEvent(after!, 'DISPOSED') },
      ]);
    }
    // One procurement of fiscal year 2569, received: its notebooks became assets.
    const r = rng(`procurement:${school.obecCode}`);
    const quantity = 2 + Math.floor(r() * 6);
    const [p] = await manager.query(
      `INSERT INTO procurement (school_id, fiscal_year, reference, subject, kind, method, specific_ground, budget, median_price,
                                contract_amount, vendor_kind, vendor_name, vendor_tax_id, committee_staff_ids, status,
                                ordered_on, received_on, created_by)
       VALUES ($1, 2569, $2, 'ซื้อเครื่องคอมพิวเตอร์โน้ตบุ๊กเพื่อการเรียนการสอน', 'GOODS', 'SPECIFIC', 'AMOUNT_WITHIN_LIMIT',
               $3, $3, $3, 'ORGANISATION', 'บริษัทลพบุรีศึกษาภัณฑ์ (ตัวอย่าง) จำกัด', $4, '{}', 'RECEIVED',
               '2026-01-12', '2026-01-26', $5) RETURNING id`,
      [
        school.id,
        `ซ ${1 + Math.floor(r() * 40)}/2569`,
        `${quantity * 24500}.00`,
        demoTaxId(Number(school.obecCode.slice(-5))),
        by,
      ],
    );
    await manager.query(
      `INSERT INTO procurement_item (procurement_id, line_no, description, quantity, unit_price, asset_category_code, asset_usage)
       VALUES ($1, 1, 'เครื่องคอมพิวเตอร์โน้ตบุ๊ก', $2, '24500.00', '7440-002', 'TEACHING')`,
      [p.id, quantity],
    );
    await assets.createAssets(
      manager,
      Array.from({ length: quantity }, () => ({
        schoolId: school.id,
        categoryCode: '7440-002',
        description: 'เครื่องคอมพิวเตอร์โน้ตบุ๊ก',
        brandModel: null,
        serialNumber: null,
        acquisitionMethod: 'PURCHASE' as const,
        acquiredOn: '2026-01-26',
        cost: '24500.00',
        usage: 'TEACHING' as const,
        location: 'ห้องคอมพิวเตอร์',
        buildingId: null,
        custodianStaffId: null,
        procurementId: p.id,
      })),
      by,
    );
    // Infrastructure: most schools online; a few on satellite or without a connection.
    const x = r();
    const type = x < 0.55 ? 'FIBRE' : x < 0.75 ? 'DSL' : x < 0.9 ? 'MOBILE' : x < 0.96 ? 'SATELLITE' : 'NONE';
    await manager.query(
      `INSERT INTO infrastructure (school_id, internet_connected, internet_provider, internet_type, download_mbps, upload_mbps,
                                   electricity, water_sources, reported_on, reported_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], '2026-06-10', $9) ON CONFLICT (school_id) DO NOTHING`,
      [
        school.id,
        type !== 'NONE',
        type === 'NONE' ? null : ['NT', 'True', 'AIS', 'UniNet'][Math.floor(r() * 4)],
        type,
        type === 'NONE' ? null : [30, 100, 200, 500, 1000][Math.floor(r() * 5)],
        type === 'NONE' ? null : [10, 50, 100, 200][Math.floor(r() * 4)],
        r() < 0.15 ? 'GRID_AND_SOLAR' : 'GRID',
        r() < 0.6 ? ['PIPED', 'RAINWATER'] : ['GROUNDWATER', 'PIPED'],
        by,
      ],
    );
  }
  // The infrastructure reports are published as a school's own report would be: the war room's
  // internet figures (schools without internet) come from them.
  const ids = todo.map((s) => s.id);
  const computers = new Map(
    (await repos.assets.teachingComputers(ids, DEMO_TODAY, manager)).map((c) => [c.schoolId, c]),
  );
  await enqueueEvents(
    manager,
    InfrastructureReported,
    (await repos.infrastructure.bySchoolIds(ids, manager)).map((saved) => ({
      aggregateId: saved.schoolId,
      payload: infrastructureReported(saved, computers.get(saved.schoolId)),
    })),
  );
  await seedDemoSurveys(manager, repos, ids);
  await repos.summaries.refreshSchools(manager, ids);
}

/**
 * The closed survey round of fiscal year 2569 with each demo school's buildings as its accepted survey,
 * published as the round's close publishes them (the war room's buildings by condition come from it). A
 * round of that year that someone else scheduled and has not closed is left alone.
 */
async function seedDemoSurveys(
  manager: EntityManager,
  repos: ReturnType<typeof createRepositories>,
  schoolIds: string[],
): Promise<void> {
  await manager.query(
    `INSERT INTO building_survey_round (fiscal_year, opens_on, closes_on, closed_at, created_by)
     VALUES ($1, $2, $3, $4, 'demo') ON CONFLICT (fiscal_year) DO NOTHING`,
    [DEMO_SURVEY.fiscalYear, DEMO_SURVEY.opensOn, DEMO_SURVEY.closesOn, DEMO_SURVEY.closedAt],
  );
  const [round]: Array<{ id: string; closed_at: Date | null }> = await manager.query(
    `SELECT id, closed_at FROM building_survey_round WHERE fiscal_year = $1`,
    [DEMO_SURVEY.fiscalYear],
  );
  if (!round?.closed_at) return;
  const surveyIds: string[] = [];
  for (const schoolId of schoolIds) {
    const lines = surveyLines(await repos.buildings.ofSchool(manager, schoolId));
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO building_survey (round_id, school_id, status, frozen, lines, submitted_at, submitted_by,
                                    reviewed_at, reviewed_by, accepted)
       VALUES ($1, $2, 'CLOSED', true, $3::jsonb, $4, 'demo', $5, 'demo', true)
       ON CONFLICT (round_id, school_id) DO NOTHING RETURNING id`,
      [round.id, schoolId, JSON.stringify(lines), DEMO_SURVEY.submittedAt, DEMO_SURVEY.reviewedAt],
    );
    if (row) surveyIds.push(row.id);
  }
  const closedAt = round.closed_at.toISOString();
  await enqueueEvents(
    manager,
    BuildingSurveyClosed,
    (await repos.surveys.byIds(surveyIds, manager)).map((survey) => ({
      aggregateId: survey.id,
      payload: buildingSurveyClosed(survey, closedAt),
    })),
  );
}
