import { formatThaiDate, toThaiDigits } from '@smss/thai';
import type { PmqaAssessmentView } from '../pmqa/pmqa.service';
import type { LineStatus, ScoreCard } from '../scores/score-card.service';
import type { ReportDocument, ReportTable } from './report-document';

/** The reports' content, pure: a score card, the national ranking, a PMQA form → a ReportDocument. */

export const FRAMEWORK_TH: Record<string, string> = {
  KRS: 'คำรับรองการปฏิบัติราชการ (KRS)',
  ARS: 'แผนปฏิบัติราชการประจำปี (ARS)',
  PMQA: 'เกณฑ์คุณภาพการบริหารจัดการภาครัฐ 4.0 (PMQA)',
};

export const STATUS_TH: Record<LineStatus, string> = {
  NOT_STARTED: 'ยังไม่ดำเนินการ',
  DRAFT: 'บันทึกร่าง',
  SUBMITTED: 'ส่งแล้ว รออนุมัติ',
  RETURNED: 'ส่งกลับแก้ไข',
  APPROVED: 'อนุมัติแล้ว',
};

const LEVEL_TH: Record<string, string> = {
  NOT_ASSESSED: 'ยังไม่ประเมิน',
  BASIC: 'Basic (พื้นฐาน)',
  ADVANCE: 'Advance (ก้าวหน้า)',
  SIGNIFICANCE: 'Significance (พัฒนาอย่างมีนัยสำคัญ)',
};

const PMQA_STATUS_TH: Record<string, string> = {
  NOT_STARTED: 'ยังไม่เริ่ม',
  IN_PROGRESS: 'กำลังดำเนินการ',
  COMPLETE: 'ครบถ้วน',
};

const th = (n: number | string) => toThaiDigits(String(n));

/** An organisation's name with its code, unless the name already carries it. */
const withCode = (name: string, code: string) => (name.includes(code) ? name : `${name} (รหัส ${code})`);

/** An organisation's KRS or ARS report: a line per indicator, the total, the rank; narratives and reporters. */
export function orgReport(
  card: ScoreCard,
  orgName: string,
  reporters: ReadonlyMap<string, string | null>,
  printedOn: string,
): ReportDocument {
  const lines: ReportTable = {
    sheet: 'ตัวชี้วัด',
    heading: 'ผลการดำเนินงานรายตัวชี้วัด',
    columns: [
      { key: 'no', header: 'ลำดับ', kind: 'int', width: 6 },
      { key: 'code', header: 'รหัส', kind: 'text', width: 10 },
      { key: 'name', header: 'ตัวชี้วัด', kind: 'text', width: 40 },
      { key: 'unit', header: 'หน่วยนับ', kind: 'text', width: 10 },
      { key: 'weight', header: 'น้ำหนัก', kind: 'score', width: 11 },
      { key: 'target', header: 'เป้าหมาย', kind: 'quantity', width: 11 },
      { key: 'value', header: 'ผลการดำเนินงาน', kind: 'quantity', width: 12 },
      { key: 'score', header: 'คะแนน', kind: 'score', width: 11 },
      { key: 'weighted', header: 'คะแนนถ่วงน้ำหนัก', kind: 'score', width: 12 },
      { key: 'status', header: 'สถานะ', kind: 'text', width: 13 },
    ],
    rows: [
      ...card.lines.map((l, i) => ({
        no: String(i + 1),
        code: l.indicator.code,
        name: l.indicator.nameTh,
        unit: l.indicator.unit,
        weight: l.weight,
        target: l.indicator.target,
        value:
          l.indicator.scoring.method === 'LEVELS'
            ? l.value
            : l.indicator.scoring.method === 'CHECKLIST' && l.result
              ? String(l.result.stepsDone.length)
              : l.indicator.scoring.method === 'YES_NO' && l.result?.achieved != null
                ? l.result.achieved
                  ? '1'
                  : '0'
                : null,
        score: l.score,
        weighted: l.weightedScore,
        status: STATUS_TH[l.status],
      })),
      {
        no: null,
        code: null,
        name: 'คะแนนรวม (เฉพาะผลที่อนุมัติแล้ว)',
        unit: null,
        weight: card.weightTotal,
        target: null,
        value: null,
        score: null,
        weighted: card.total,
        status: `${th(card.approvedCount)}/${th(card.indicatorCount)} อนุมัติ`,
      },
    ],
    emphasised: new Set([card.lines.length]),
  };
  const narratives: ReportTable = {
    sheet: 'คำอธิบายผล',
    heading: 'คำอธิบายผลการดำเนินงานและผู้รายงาน',
    columns: [
      { key: 'code', header: 'รหัส', kind: 'text', width: 10 },
      { key: 'narrative', header: 'คำอธิบายผลการดำเนินงาน', kind: 'text', width: 60 },
      { key: 'reporter', header: 'ผู้รายงาน', kind: 'text', width: 20 },
      { key: 'submitted', header: 'วันที่ส่ง', kind: 'text', width: 16 },
    ],
    rows: card.lines
      .filter((l) => l.result)
      .map((l) => ({
        code: l.indicator.code,
        narrative: l.result!.narrative,
        reporter: reporters.get(l.result!.id) ?? null,
        submitted: l.result!.submittedAt ? formatThaiDate(l.result!.submittedAt, { style: 'short' }) : null,
      })),
  };
  const round = `รอบ ${th(card.roundMonth)} เดือน`;
  return {
    fileBase: `${card.framework.toLowerCase()}-${card.fiscalYear}-r${card.roundMonth}-${card.orgCode}`,
    title: `รายงานผลการดำเนินงานตามตัวชี้วัด${FRAMEWORK_TH[card.framework]} ปีงบประมาณ พ.ศ. ${th(card.fiscalYear)} ${round}`,
    fields: [
      ['หน่วยงาน', withCode(orgName, card.orgCode)],
      ['ปีงบประมาณ', `พ.ศ. ${th(card.fiscalYear)}`],
      ['รอบการรายงาน', round],
      ['คะแนนรวม', `${th(card.total)} จาก ๕.๐๐๐๐๐`],
      ...(card.orgLevel === 'AREA_OFFICE'
        ? ([
            [
              'อันดับ',
              card.rank === null
                ? 'ยังไม่จัดอันดับ (ยังไม่มีผลที่อนุมัติ)'
                : `ที่ ${th(card.rank)} จาก ${th(card.rankedAmong)} เขตพื้นที่`,
            ],
          ] as Array<[string, string]>)
        : []),
      ['วันที่ออกรายงาน', formatThaiDate(printedOn)],
    ],
    tables: [lines, narratives],
    printedOn,
    rowCount: card.lines.length,
  };
}

/** OBEC's national report: every area office ranked, then each office's line per indicator. */
export function nationalReport(
  cards: readonly ScoreCard[],
  names: ReadonlyMap<string, string>,
  a: { fiscalYear: number; framework: string; roundMonth: number },
  printedOn: string,
): ReportDocument {
  const ranking: ReportTable = {
    sheet: 'อันดับ',
    heading: 'อันดับเขตพื้นที่การศึกษาตามคะแนนรวม',
    columns: [
      { key: 'rank', header: 'อันดับ', kind: 'int', width: 8 },
      { key: 'code', header: 'รหัส', kind: 'text', width: 8 },
      { key: 'name', header: 'สำนักงานเขตพื้นที่การศึกษา', kind: 'text', width: 44 },
      { key: 'approved', header: 'อนุมัติแล้ว', kind: 'int', width: 10 },
      { key: 'count', header: 'ตัวชี้วัด', kind: 'int', width: 10 },
      { key: 'total', header: 'คะแนนรวม', kind: 'score', width: 14 },
    ],
    rows: cards.map((c) => ({
      rank: c.rank === null ? null : String(c.rank),
      code: c.orgCode,
      name: names.get(c.orgCode) ?? `สำนักงานเขตพื้นที่การศึกษา รหัส ${c.orgCode}`,
      approved: String(c.approvedCount),
      count: String(c.indicatorCount),
      total: c.total,
    })),
  };
  const detail: ReportTable = {
    sheet: 'รายละเอียด',
    heading: 'คะแนนรายตัวชี้วัดของแต่ละเขตพื้นที่',
    columns: [
      { key: 'area', header: 'เขตพื้นที่', kind: 'text', width: 8 },
      { key: 'code', header: 'รหัสตัวชี้วัด', kind: 'text', width: 11 },
      { key: 'name', header: 'ตัวชี้วัด', kind: 'text', width: 41 },
      { key: 'weight', header: 'น้ำหนัก', kind: 'score', width: 11 },
      { key: 'value', header: 'ผล', kind: 'quantity', width: 11 },
      { key: 'score', header: 'คะแนน', kind: 'score', width: 11 },
      { key: 'weighted', header: 'ถ่วงน้ำหนัก', kind: 'score', width: 11 },
      { key: 'status', header: 'สถานะ', kind: 'text', width: 13 },
    ],
    rows: cards.flatMap((c) =>
      c.lines.map((l) => ({
        area: c.orgCode,
        code: l.indicator.code,
        name: l.indicator.nameTh,
        weight: l.weight,
        value: l.value,
        score: l.score,
        weighted: l.weightedScore,
        status: STATUS_TH[l.status],
      })),
    ),
  };
  const round = `รอบ ${th(a.roundMonth)} เดือน`;
  return {
    fileBase: `${a.framework.toLowerCase()}-${a.fiscalYear}-r${a.roundMonth}-national`,
    title: `รายงานผลการดำเนินงานตามตัวชี้วัด${FRAMEWORK_TH[a.framework]} ระดับประเทศ ปีงบประมาณ พ.ศ. ${th(a.fiscalYear)} ${round}`,
    fields: [
      ['หน่วยงาน', 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน (สพฐ.)'],
      ['จำนวนเขตพื้นที่', `${th(cards.length)} เขต (จัดอันดับ ${th(cards.filter((c) => c.rank !== null).length)} เขต)`],
      ['รอบการรายงาน', round],
      ['วันที่ออกรายงาน', formatThaiDate(printedOn)],
    ],
    tables: [ranking, detail],
    printedOn,
    rowCount: ranking.rows.length + detail.rows.length,
  };
}

/** The PMQA 4.0 self-assessment form: the profile, each criterion with its ADLR notes, the evidence register. */
export function pmqaForm(
  view: PmqaAssessmentView,
  orgName: string,
  responsible: ReadonlyMap<string, string | null>,
  printedOn: string,
): ReportDocument {
  const p = view.profile;
  const criteria: ReportTable = {
    sheet: 'การประเมิน',
    heading: 'ผลการประเมินตนเองรายหมวดและรายประเด็น (ADLR)',
    columns: [
      { key: 'category', header: 'หมวด', kind: 'text', width: 14 },
      { key: 'code', header: 'ประเด็น', kind: 'text', width: 7 },
      { key: 'name', header: 'ชื่อประเด็น', kind: 'text', width: 18 },
      { key: 'level', header: 'ระดับ', kind: 'text', width: 17 },
      { key: 'approach', header: 'แนวทาง (A)', kind: 'text', width: 14 },
      { key: 'deployment', header: 'การนำไปปฏิบัติ (D)', kind: 'text', width: 14 },
      { key: 'learning', header: 'การเรียนรู้ (L)', kind: 'text', width: 14 },
      { key: 'results', header: 'ผลลัพธ์ (R)', kind: 'text', width: 14 },
    ],
    rows: view.categories.flatMap((c) => [
      {
        category: `หมวด ${th(c.number)} ${c.nameTh}`,
        code: null,
        name: `สถานะ: ${PMQA_STATUS_TH[c.status]}`,
        level: LEVEL_TH[c.level] ?? c.level,
        approach: null,
        deployment: null,
        learning: null,
        results: null,
      },
      ...c.criteria.map((x) => ({
        category: null,
        code: x.criterion.code,
        name: x.criterion.nameTh,
        level: LEVEL_TH[x.level] ?? x.level,
        approach: x.approach,
        deployment: x.deployment,
        learning: x.learning,
        results: x.results,
      })),
    ]),
  };
  const emphasised = new Set<number>();
  let row = 0;
  for (const c of view.categories) {
    emphasised.add(row);
    row += 1 + c.criteria.length;
  }
  criteria.emphasised = emphasised;
  const evidence: ReportTable = {
    sheet: 'ทะเบียนหลักฐาน',
    heading: 'ทะเบียนหลักฐาน',
    columns: [
      { key: 'code', header: 'ประเด็น', kind: 'text', width: 10 },
      { key: 'no', header: 'ลำดับ', kind: 'int', width: 7 },
      { key: 'title', header: 'หลักฐาน', kind: 'text', width: 40 },
      { key: 'file', header: 'ไฟล์', kind: 'text', width: 22 },
      { key: 'responsible', header: 'ผู้รับผิดชอบ', kind: 'text', width: 21 },
    ],
    rows: view.categories.flatMap((c) =>
      c.criteria.flatMap((x) =>
        x.evidence.map((e) => ({
          code: x.criterion.code,
          no: String(e.number),
          title: e.description ? `${e.title} — ${e.description}` : e.title,
          file: e.fileId ? 'แนบไฟล์' : null,
          responsible: responsible.get(`${x.criterion.id}:${e.number}`) ?? null,
        })),
      ),
    ),
  };
  return {
    fileBase: `pmqa-${view.fiscalYear}-${view.orgCode}`,
    title: `แบบประเมินตนเองตามเกณฑ์คุณภาพการบริหารจัดการภาครัฐ 4.0 (PMQA) ปีงบประมาณ พ.ศ. ${th(view.fiscalYear)}`,
    fields: [
      ['หน่วยงาน', withCode(orgName, view.orgCode)],
      ['ระดับภาพรวม', LEVEL_TH[view.overallLevel] ?? view.overallLevel],
      ['สถานะ', `${PMQA_STATUS_TH[view.status]} (ประเมินครบ ${th(view.assessedCount)} จาก ${th(view.criteriaCount)} ประเด็น)`],
      ['วิสัยทัศน์', p?.vision ?? '–'],
      ['พันธกิจ', p?.mission ?? '–'],
      ['โครงสร้างและบุคลากร', p?.structure ?? '–'],
      ['ผู้รับบริการและผู้มีส่วนได้ส่วนเสีย', p?.stakeholders ?? '–'],
      ['ความท้าทายเชิงยุทธศาสตร์', p?.challenges ?? '–'],
      ['วันที่ออกรายงาน', formatThaiDate(printedOn)],
    ],
    tables: [criteria, evidence],
    printedOn,
    rowCount: view.criteriaCount,
  };
}
