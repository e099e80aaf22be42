import { formatThaiDate, toThaiDigits } from '@smss/thai';
import type { PmqaAssessmentView } from '../pmqa/pmqa.service';
import type { LineStatus, ScoreCard } from '../scores/score-card.service';
import type { ColumnKind, ReportColumn, ReportDocument, ReportTable } from './report-document';

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

/** A column of a table, and what each of the table's items puts in it. */
interface Column<T> extends ReportColumn {
  cell: (item: T, index: number) => string | null;
}

const column = <T>(
  key: string,
  header: string,
  kind: ColumnKind,
  width: number,
  cell: Column<T>['cell'],
): Column<T> => ({ key, header, kind, width, cell });

/** A table with a row per item: each column's cell of it. */
function table<T>(
  sheet: string,
  heading: string,
  columns: Array<Column<T>>,
  items: readonly T[],
): ReportTable {
  return {
    sheet,
    heading,
    columns: columns.map(({ key, header, kind, width }) => ({ key, header, kind, width })),
    rows: items.map((item, i) => Object.fromEntries(columns.map((c) => [c.key, c.cell(item, i)]))),
  };
}

type Line = ScoreCard['lines'][number];

/** What a line reports: its value, the steps done of a checklist, 1 or 0 for yes/no. */
const lineValue = (l: Line): string | null =>
  l.indicator.scoring.method === 'LEVELS'
    ? l.value
    : l.indicator.scoring.method === 'CHECKLIST' && l.result
      ? String(l.result.stepsDone.length)
      : l.indicator.scoring.method === 'YES_NO' && l.result?.achieved != null
        ? l.result.achieved
          ? '1'
          : '0'
        : null;

/** An organisation's KRS or ARS report: a line per indicator, the total, the rank; narratives and reporters. */
export function orgReport(
  card: ScoreCard,
  orgName: string,
  reporters: ReadonlyMap<string, string | null>,
  printedOn: string,
): ReportDocument {
  const lines = table<Line>(
    'ตัวชี้วัด',
    'ผลการดำเนินงานรายตัวชี้วัด',
    [
      column('no', 'ลำดับ', 'int', 6, (_, i) => String(i + 1)),
      column('code', 'รหัส', 'text', 10, (l) => l.indicator.code),
      column('name', 'ตัวชี้วัด', 'text', 40, (l) => l.indicator.nameTh),
      column('unit', 'หน่วยนับ', 'text', 10, (l) => l.indicator.unit),
      column('weight', 'น้ำหนัก', 'score', 11, (l) => l.weight),
      column('target', 'เป้าหมาย', 'quantity', 11, (l) => l.indicator.target),
      column('value', 'ผลการดำเนินงาน', 'quantity', 12, lineValue),
      column('score', 'คะแนน', 'score', 11, (l) => l.score),
      column('weighted', 'คะแนนถ่วงน้ำหนัก', 'score', 12, (l) => l.weightedScore),
      column('status', 'สถานะ', 'text', 13, (l) => STATUS_TH[l.status]),
    ],
    card.lines,
  );
  lines.rows.push({
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
  });
  lines.emphasised = new Set([card.lines.length]);
  const narratives = table<Line>(
    'คำอธิบายผล',
    'คำอธิบายผลการดำเนินงานและผู้รายงาน',
    [
      column('code', 'รหัส', 'text', 10, (l) => l.indicator.code),
      column('narrative', 'คำอธิบายผลการดำเนินงาน', 'text', 60, (l) => l.result!.narrative),
      column('reporter', 'ผู้รายงาน', 'text', 20, (l) => reporters.get(l.result!.id) ?? null),
      column('submitted', 'วันที่ส่ง', 'text', 16, (l) =>
        l.result!.submittedAt ? formatThaiDate(l.result!.submittedAt, { style: 'short' }) : null,
      ),
    ],
    card.lines.filter((l) => l.result),
  );
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
  const ranking = table<ScoreCard>(
    'อันดับ',
    'อันดับเขตพื้นที่การศึกษาตามคะแนนรวม',
    [
      column('rank', 'อันดับ', 'int', 8, (c) => (c.rank === null ? null : String(c.rank))),
      column('code', 'รหัส', 'text', 8, (c) => c.orgCode),
      column(
        'name',
        'สำนักงานเขตพื้นที่การศึกษา',
        'text',
        44,
        (c) => names.get(c.orgCode) ?? `สำนักงานเขตพื้นที่การศึกษา รหัส ${c.orgCode}`,
      ),
      column('approved', 'อนุมัติแล้ว', 'int', 10, (c) => String(c.approvedCount)),
      column('count', 'ตัวชี้วัด', 'int', 10, (c) => String(c.indicatorCount)),
      column('total', 'คะแนนรวม', 'score', 14, (c) => c.total),
    ],
    cards,
  );
  const detail = table<{ card: ScoreCard; line: Line }>(
    'รายละเอียด',
    'คะแนนรายตัวชี้วัดของแต่ละเขตพื้นที่',
    [
      column('area', 'เขตพื้นที่', 'text', 8, ({ card }) => card.orgCode),
      column('code', 'รหัสตัวชี้วัด', 'text', 11, ({ line }) => line.indicator.code),
      column('name', 'ตัวชี้วัด', 'text', 41, ({ line }) => line.indicator.nameTh),
      column('weight', 'น้ำหนัก', 'score', 11, ({ line }) => line.weight),
      column('value', 'ผล', 'quantity', 11, ({ line }) => line.value),
      column('score', 'คะแนน', 'score', 11, ({ line }) => line.score),
      column('weighted', 'ถ่วงน้ำหนัก', 'score', 11, ({ line }) => line.weightedScore),
      column('status', 'สถานะ', 'text', 13, ({ line }) => STATUS_TH[line.status]),
    ],
    cards.flatMap((card) => card.lines.map((line) => ({ card, line }))),
  );
  const round = `รอบ ${th(a.roundMonth)} เดือน`;
  return {
    fileBase: `${a.framework.toLowerCase()}-${a.fiscalYear}-r${a.roundMonth}-national`,
    title: `รายงานผลการดำเนินงานตามตัวชี้วัด${FRAMEWORK_TH[a.framework]} ระดับประเทศ ปีงบประมาณ พ.ศ. ${th(a.fiscalYear)} ${round}`,
    fields: [
      ['หน่วยงาน', 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน (สพฐ.)'],
      [
        'จำนวนเขตพื้นที่',
        `${th(cards.length)} เขต (จัดอันดับ ${th(cards.filter((c) => c.rank !== null).length)} เขต)`,
      ],
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
  type Criterion = PmqaAssessmentView['categories'][number]['criteria'][number];
  const evidence = table<{ x: Criterion; e: Criterion['evidence'][number] }>(
    'ทะเบียนหลักฐาน',
    'ทะเบียนหลักฐาน',
    [
      column('code', 'ประเด็น', 'text', 10, ({ x }) => x.criterion.code),
      column('no', 'ลำดับ', 'int', 7, ({ e }) => String(e.number)),
      column('title', 'หลักฐาน', 'text', 40, ({ e }) =>
        e.description ? `${e.title} — ${e.description}` : e.title,
      ),
      column('file', 'ไฟล์', 'text', 22, ({ e }) => (e.fileId ? 'แนบไฟล์' : null)),
      column(
        'responsible',
        'ผู้รับผิดชอบ',
        'text',
        21,
        ({ x, e }) => responsible.get(`${x.criterion.id}:${e.number}`) ?? null,
      ),
    ],
    view.categories.flatMap((c) => c.criteria.flatMap((x) => x.evidence.map((e) => ({ x, e })))),
  );
  return {
    fileBase: `pmqa-${view.fiscalYear}-${view.orgCode}`,
    title: `แบบประเมินตนเองตามเกณฑ์คุณภาพการบริหารจัดการภาครัฐ 4.0 (PMQA) ปีงบประมาณ พ.ศ. ${th(view.fiscalYear)}`,
    fields: [
      ['หน่วยงาน', withCode(orgName, view.orgCode)],
      ['ระดับภาพรวม', LEVEL_TH[view.overallLevel] ?? view.overallLevel],
      [
        'สถานะ',
        `${PMQA_STATUS_TH[view.status]} (ประเมินครบ ${th(view.assessedCount)} จาก ${th(view.criteriaCount)} ประเด็น)`,
      ],
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
