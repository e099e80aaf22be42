import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { fiscalYearOf, todayInBangkok } from '@smss/thai';
import type { DemoData } from '@smss/service-kit';
import { CatalogueRepository } from '../modules/catalogue/catalogue.repository';
import type { IndicatorRecord } from '../modules/catalogue/catalogue.types';
import { RoundRepository } from '../modules/rounds/round.repository';
import { defaultWindow, ROUND_MONTHS, type RoundMonth } from '../modules/rounds/round.rules';
import { scoreOf, weightedScoreOf } from '../modules/scoring/score';
import { DEMO_ARS, DEMO_KRS, DEMO_PMQA, LOPBURI_OFFICES, REPORTER_FAMILY, REPORTER_GIVEN } from './catalogue';

/**
 * Demo indicators (DEMO_DATA=lopburi: the sandbox's three area offices; national: every area office of
 * the directory replica). Deterministic and synthetic: the same office, indicator and round always get
 * the same value, and no real person appears (reporters are made-up names).
 *
 * - The catalogue of last fiscal year (KRS, ARS, PMQA 4.0), copied to this fiscal year (the way OBEC
 *   starts a year), with the four rounds of each year; the round in progress is open from today so the
 *   sandbox can submit.
 * - Last year's results of every office in all four rounds: approved, except that the secondary office
 *   still has two 12-month results waiting for approval and one returned; this year's first round has
 *   drafts of the first office.
 * - PMQA profiles of the Lopburi offices; the first office's self-assessment complete, the second's half.
 *
 * Resumable like the students demo: each step is recorded in `demo_seed_step` once done and is safe to
 * repeat (one transaction per office; offices that already have results are passed over). A database with
 * indicators but no demo record holds other data and is left alone.
 */

export const DEMO_STEPS = ['started', 'catalogue', 'results', 'pmqa'] as const;
type Step = (typeof DEMO_STEPS)[number];

const LOCK = `hashtext('smss.indicators.demo-seed')`;
const ACTOR = 'system:demo-seed';

export interface DemoSeedResult {
  loaded: boolean;
  offices: number;
  results: number;
  steps: Step[];
}

/** A seeded PRNG per key: the same key gives the same sequence whenever and in whatever order it runs. */
function rng(key: string): () => number {
  let a = createHash('sha256').update(key).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A demo result's figures for an indicator: values spread around its thresholds, two decimals. */
export function demoValues(indicator: IndicatorRecord, key: string) {
  const rand = rng(key);
  const c = indicator.scoring;
  if (c.method === 'LEVELS') {
    const t = c.thresholds.map(Number);
    const lo = Math.min(t[0]!, t[4]!);
    const hi = Math.max(t[0]!, t[4]!);
    const span = hi - lo;
    const better = rand() ** 0.7; // most offices do reasonably well
    const x = c.direction === 'LOWER_IS_BETTER' ? hi + span * 0.2 - better * span * 1.4 : lo - span * 0.2 + better * span * 1.4;
    return { value: Math.max(0, x).toFixed(2), stepsDone: [] as number[], achieved: null };
  }
  if (c.method === 'CHECKLIST') {
    const done = Math.min(c.steps.length, Math.floor(rand() * (c.steps.length + 2)));
    return { value: null, stepsDone: Array.from({ length: done }, (_, i) => i + 1), achieved: null };
  }
  return { value: null, stepsDone: [] as number[], achieved: rand() > 0.15 };
}

export async function seedDemoIndicators(
  db: DataSource,
  demo: DemoData,
  options: {
    progress?: (line: string) => void;
    replicaCaughtUp?: () => Promise<boolean>;
    waitMs?: number;
    today?: string;
  } = {},
): Promise<DemoSeedResult> {
  const progress = options.progress ?? (() => undefined);
  const nothing: DemoSeedResult = { loaded: false, offices: 0, results: 0, steps: [] };
  if (demo === 'none') return nothing;
  const lock = db.createQueryRunner();
  await lock.connect();
  try {
    const [{ locked }] = await lock.query(`SELECT pg_try_advisory_lock(${LOCK}) AS locked`);
    if (!locked) {
      progress('demo indicators: another process is loading them');
      return nothing;
    }
    try {
      const today = options.today ?? todayInBangkok();
      const state = await db.transaction(async (m) => {
        const rows: Array<{ step: Step; detail: { fiscalYear?: number } }> = await m.query(
          `SELECT step, detail FROM demo_seed_step`,
        );
        if (rows.length)
          return { done: new Set(rows.map((r) => r.step)), fiscalYear: rows.find((r) => r.step === 'started')?.detail.fiscalYear };
        const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM indicator`);
        if (n > 0) return { foreign: true as const };
        const fiscalYear = fiscalYearOf(today);
        await m.query(`INSERT INTO demo_seed_step (step, detail) VALUES ('started', $1)`, [{ fiscalYear, demo }]);
        return { done: new Set<Step>(['started']), fiscalYear };
      });
      if ('foreign' in state) return nothing;
      const current = state.fiscalYear ?? fiscalYearOf(today);
      return await run(db, demo, { ...options, progress, today, current, done: state.done });
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(${LOCK})`);
    }
  } finally {
    await lock.release();
  }
}

async function run(
  db: DataSource,
  demo: DemoData,
  o: {
    progress: (line: string) => void;
    replicaCaughtUp?: () => Promise<boolean>;
    waitMs?: number;
    today: string;
    current: number;
    done: Set<Step>;
  },
): Promise<DemoSeedResult> {
  const steps: Step[] = [];
  const mark = async (step: Step, detail: Record<string, unknown> = {}) => {
    await db.query(`INSERT INTO demo_seed_step (step, detail) VALUES ($1, $2) ON CONFLICT (step) DO NOTHING`, [
      step,
      detail,
    ]);
    steps.push(step);
  };
  const catalogue = new CatalogueRepository(db);
  const rounds = new RoundRepository(db);
  const previous = o.current - 1;
  if (!o.done.has('catalogue')) {
    await db.transaction(async (m) => {
      for (const d of [...DEMO_KRS, ...DEMO_ARS, ...DEMO_PMQA])
        await catalogue.insert(m, { ...d, fiscalYear: previous }, ACTOR);
      await rounds.ensureYear(m, previous, ACTOR);
      await catalogue.copyYear(m, previous, o.current, null, ACTOR);
      await rounds.ensureYear(m, o.current, ACTOR);
      // The round in progress opens today, so the sandbox can submit to it.
      const open = ROUND_MONTHS.find((month) => defaultWindow(o.current, month).closesOn >= o.today);
      if (open) {
        const w = defaultWindow(o.current, open);
        if (w.opensOn > o.today)
          await rounds.schedule(m, { fiscalYear: o.current, month: open, opensOn: o.today, closesOn: w.closesOn }, ACTOR);
      }
    });
    await mark('catalogue', { fiscalYears: [previous, o.current] });
    o.progress(`demo indicators: catalogues of ${previous} and ${o.current} (KRS, ARS, PMQA) with their rounds`);
  }
  const offices = await officesFor(db, demo, o);
  let written = 0;
  if (!o.done.has('results')) {
    for (const office of offices) written += await officeResults(db, catalogue, rounds, office, previous, o.current, o.today);
    await mark('results', { offices: offices.length, results: written });
    o.progress(`demo indicators: ${written} results of ${offices.length} area offices`);
  }
  if (!o.done.has('pmqa')) {
    await db.transaction(async (m) => pmqaDemo(m, catalogue, previous));
    await mark('pmqa');
    o.progress('demo indicators: PMQA profiles and self-assessments; done');
  }
  return { loaded: true, offices: offices.length, results: written, steps };
}

/** The sandbox's three offices, or (national) every area office the replica knows once it has caught up. */
async function officesFor(
  db: DataSource,
  demo: DemoData,
  o: { replicaCaughtUp?: () => Promise<boolean>; waitMs?: number; progress: (l: string) => void },
): Promise<string[]> {
  if (demo === 'lopburi') return LOPBURI_OFFICES.map((x) => x.code);
  const deadline = Date.now() + (o.waitMs ?? 120_000);
  o.progress('demo indicators: waiting for the area offices in the directory replica');
  let last = -1;
  for (;;) {
    const rows: Array<{ code: string }> = await db.query(
      `SELECT DISTINCT area_office_code AS code FROM directory_school_replica ORDER BY 1`,
    );
    const settled = rows.length > 0 && rows.length === last && (await (o.replicaCaughtUp?.() ?? Promise.resolve(true)));
    if (settled || Date.now() > deadline) return rows.map((r) => r.code);
    last = rows.length;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

async function officeResults(
  db: DataSource,
  catalogue: CatalogueRepository,
  rounds: RoundRepository,
  office: string,
  previous: number,
  current: number,
  today: string,
): Promise<number> {
  return db.transaction(async (m) => {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM indicator_result WHERE org_code = $1`, [office]);
    if (n > 0) return 0;
    const given = REPORTER_GIVEN[Number(office) % REPORTER_GIVEN.length]!;
    const family = REPORTER_FAMILY[Math.floor(Number(office) / 7) % REPORTER_FAMILY.length]!;
    const reporter = `นางสาว${given} ${family}`;
    const evidence = Buffer.from(
      `\uFEFFรายการ,รายละเอียด\r\nหน่วยงาน,${office}\r\nเอกสาร,สรุปผลการดำเนินงานตามตัวชี้วัด (ข้อมูลสาธิต)\r\n`,
      'utf8',
    );
    const [file] = await m.query(
      `INSERT INTO evidence_file (org_level, org_code, area_office_code, file_name, content_type, byte_size, sha256,
                                  content, uploaded_by)
       VALUES ('AREA_OFFICE', $1, $1, 'สรุปผลการดำเนินงาน.csv', 'text/csv; charset=utf-8', $2, $3, $4, $5) RETURNING id`,
      [office, evidence.length, createHash('sha256').update(evidence).digest('hex'), evidence, `demo:area-officer:${office}`],
    );
    const rows: Array<Record<string, unknown>> = [];
    for (const year of [previous, current]) {
      const indicators = (await catalogue.ofYear({ fiscalYear: year }, undefined, m)).filter(
        (i) => i.framework !== 'PMQA' && i.ownerLevel === 'AREA_OFFICE',
      );
      const yearRounds = await rounds.byYear(year, m);
      for (const round of yearRounds) {
        if (year === current && !(round.opensOn <= today && office === '1601')) continue;
        const position = new Map<string, number>();
        indicators.forEach((indicator) => {
          // The place of the indicator within its framework (the secondary office lags on the first three).
          const k = position.get(indicator.framework) ?? 0;
          position.set(indicator.framework, k + 1);
          const figures = demoValues(indicator, `${office}|${indicator.code}|${round.month}`);
          const score = scoreOf(indicator.scoring, figures);
          const status = demoStatus(office, year === current, round.month as RoundMonth, k);
          rows.push({
            indicator: indicator.id,
            round: round.id,
            status,
            value: figures.value,
            source: indicator.measure ? 'PLATFORM' : 'TYPED',
            steps: `{${figures.stepsDone.join(',')}}`,
            achieved: figures.achieved,
            score,
            weighted: weightedScoreOf(score, indicator.weight),
            narrative: `${indicator.nameTh}: ดำเนินการตามแผน รอบ ${round.month} เดือน (ข้อมูลสาธิต)`,
            comment: status === 'RETURNED' ? 'กรุณาแนบหลักฐานการประชุมเพิ่มเติม' : null,
          });
        });
      }
    }
    const col = (k: string) => rows.map((r) => r[k] ?? null);
    const inserted: Array<{ id: string; status: string }> = await m.query(
      `INSERT INTO indicator_result (indicator_id, round_id, org_level, org_code, area_office_code, status, value,
                                     value_source, steps_done, achieved, score, weighted_score, narrative,
                                     reporter_name, reporter_phone, return_comment, submitted_by, submitted_at,
                                     decided_by, decided_at, created_by)
       SELECT u.indicator, u.round, 'AREA_OFFICE', $1, $1, u.status, u.value, u.source, u.steps::int[], u.achieved,
              u.score, u.weighted, u.narrative, $2, '036 000 000',
              u.comment, CASE WHEN u.status <> 'DRAFT' THEN $3 END, CASE WHEN u.status <> 'DRAFT' THEN now() END,
              CASE WHEN u.status IN ('APPROVED', 'RETURNED') THEN $4 END,
              CASE WHEN u.status IN ('APPROVED', 'RETURNED') THEN now() END, $3
         FROM unnest($5::uuid[], $6::uuid[], $7::text[], $8::numeric[], $9::text[], $10::text[], $11::boolean[],
                     $12::numeric[], $13::numeric[], $14::text[], $15::text[])
           AS u(indicator, round, status, value, source, steps, achieved, score, weighted, narrative, comment)
       RETURNING id, status`,
      [
        office,
        reporter,
        `demo:area-officer:${office}`,
        `demo:area-director:${office}`,
        col('indicator'),
        col('round'),
        col('status'),
        col('value'),
        col('source'),
        col('steps'),
        col('achieved'),
        col('score'),
        col('weighted'),
        col('narrative'),
        col('comment'),
      ],
    );
    await m.query(
      `INSERT INTO indicator_result_evidence (result_id, file_id, position) SELECT id, $2, 1 FROM unnest($1::uuid[]) AS id`,
      [inserted.filter((r) => r.status !== 'DRAFT').map((r) => r.id), file.id],
    );
    // History: every result was drafted; submitted ones were submitted; decided ones decided.
    await m.query(
      `INSERT INTO indicator_result_history (result_id, status, changed_by, comment)
       SELECT r.id, s.status, CASE WHEN s.status IN ('APPROVED', 'RETURNED') THEN $2 ELSE $1 END,
              CASE WHEN s.status = 'RETURNED' THEN 'กรุณาแนบหลักฐานการประชุมเพิ่มเติม' END
         FROM unnest($3::uuid[], $4::text[]) AS r(id, final)
         CROSS JOIN LATERAL unnest(CASE r.final WHEN 'DRAFT' THEN ARRAY['DRAFT']
                                                WHEN 'SUBMITTED' THEN ARRAY['DRAFT', 'SUBMITTED']
                                                ELSE ARRAY['DRAFT', 'SUBMITTED', r.final] END) AS s(status)`,
      [`demo:area-officer:${office}`, `demo:area-director:${office}`, inserted.map((r) => r.id), inserted.map((r) => r.status)],
    );
    return inserted.length;
  });
}

/** Last year approved (the secondary office lagging at 12 months); this year's open round in draft. */
function demoStatus(office: string, currentYear: boolean, month: RoundMonth, index: number): string {
  if (currentYear) return 'DRAFT';
  if (office === '1650' && month === 12) return index === 0 ? 'RETURNED' : index < 3 ? 'SUBMITTED' : 'APPROVED';
  return 'APPROVED';
}

async function pmqaDemo(m: EntityManager, catalogue: CatalogueRepository, fiscalYear: number): Promise<void> {
  const criteria = (await catalogue.ofYear({ fiscalYear, framework: 'PMQA' }, undefined, m)).filter(
    (c) => c.ownerLevel === 'AREA_OFFICE',
  );
  for (const [n, office] of LOPBURI_OFFICES.entries()) {
    await m.query(
      `INSERT INTO pmqa_profile (org_code, fiscal_year, org_level, area_office_code, name_th, vision, mission, structure,
                                 stakeholders, challenges, updated_by)
       VALUES ($1, $2, 'AREA_OFFICE', $1, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [
        office.code,
        fiscalYear,
        office.nameTh,
        'ผู้เรียนมีคุณภาพ ครูมีศักยภาพ บริหารจัดการด้วยธรรมาภิบาล (ข้อมูลสาธิต)',
        'ส่งเสริมการจัดการศึกษาขั้นพื้นฐานให้ทั่วถึงและมีคุณภาพ พัฒนาครูและบุคลากร บริหารจัดการอย่างมีประสิทธิภาพ',
        'กลุ่มงาน 9 กลุ่มและหน่วยตรวจสอบภายใน บุคลากรประมาณ 80 คน (ข้อมูลสาธิต)',
        'นักเรียน ผู้ปกครอง สถานศึกษาในสังกัด ชุมชน และองค์กรปกครองส่วนท้องถิ่น',
        'โรงเรียนขนาดเล็กจำนวนมาก การลดลงของจำนวนนักเรียน และการใช้เทคโนโลยีดิจิทัล',
        `demo:area-director:${office.code}`,
      ],
    );
    const assessed = n === 0 ? criteria : n === 1 ? criteria.slice(0, Math.ceil(criteria.length / 2)) : [];
    for (const [k, c] of assessed.entries()) {
      const level = ['BASIC', 'ADVANCE', 'BASIC', 'SIGNIFICANCE'][(k + n) % 4]!;
      const given = REPORTER_GIVEN[(k + n) % REPORTER_GIVEN.length]!;
      const family = REPORTER_FAMILY[(k * 3 + n) % REPORTER_FAMILY.length]!;
      const evidence = [1, 2, 3].slice(0, 2 + (k % 2)).map((i) => ({
        number: i,
        title: `เอกสารหลักฐานประเด็น ${c.code} ลำดับที่ ${i} (ข้อมูลสาธิต)`,
        description: null,
        fileId: null,
        responsiblePerson: `นาย${given} ${family}`,
      }));
      await m.query(
        `INSERT INTO pmqa_criterion_assessment (org_code, criterion_id, fiscal_year, org_level, area_office_code, level,
                                                approach, deployment, learning, results, evidence, assessed_by)
         VALUES ($1, $2, $3, 'AREA_OFFICE', $1, $4, $5, $6, $7, $8, $9::jsonb, $10) ON CONFLICT DO NOTHING`,
        [
          office.code,
          c.id,
          fiscalYear,
          level,
          'มีแนวทางที่เป็นระบบและกำหนดผู้รับผิดชอบชัดเจน',
          'นำไปปฏิบัติครอบคลุมทุกกลุ่มงาน',
          'ทบทวนและปรับปรุงจากผลการประเมินทุกปี',
          'ผลลัพธ์ดีขึ้นต่อเนื่องสามปี',
          JSON.stringify(evidence),
          `demo:area-director:${office.code}`,
        ],
      );
    }
  }
}
