import type { IndicatorDraft } from '../modules/catalogue/catalogue.types';

/**
 * The demo catalogue of the Lopburi sandbox: area-office KRS and ARS indicators and the PMQA 4.0
 * criteria. SYNTHETIC: modelled on the kinds of indicators OBEC's area offices report (achievement,
 * drop-out, quality assurance, teacher development, budget disbursement, internal control, ITA); the
 * wording, weights and thresholds are made up for the demo and are not an official catalogue.
 */

type Draft = Omit<IndicatorDraft, 'fiscalYear'>;

const levels = (
  code: string,
  nameTh: string,
  nameEn: string,
  weight: string,
  thresholds: string[],
  options: { unit?: string; target?: string; lower?: boolean; measure?: Draft['measure'] } = {},
): Draft => ({
  framework: code.startsWith('ARS') ? 'ARS' : 'KRS',
  code,
  nameTh,
  nameEn,
  unit: options.unit ?? 'ร้อยละ',
  weight,
  target: options.target ?? thresholds[4]!,
  ownerLevel: 'AREA_OFFICE',
  scoring: {
    method: 'LEVELS',
    direction: options.lower ? 'LOWER_IS_BETTER' : 'HIGHER_IS_BETTER',
    thresholds,
    steps: [],
  },
  measure: options.measure ?? null,
  pmqaCategory: null,
  description: null,
});

const checklist = (code: string, nameTh: string, nameEn: string, weight: string, steps: string[]): Draft => ({
  framework: code.startsWith('ARS') ? 'ARS' : 'KRS',
  code,
  nameTh,
  nameEn,
  unit: 'ระดับ',
  weight,
  target: null,
  ownerLevel: 'AREA_OFFICE',
  scoring: { method: 'CHECKLIST', direction: null, thresholds: [], steps },
  measure: null,
  pmqaCategory: null,
  description: null,
});

const FIVE_STEPS_PLC = [
  'แต่งตั้งคณะทำงานและจัดทำแผนการขับเคลื่อน PLC',
  'ประชุมชี้แจงสถานศึกษาในสังกัดครบทุกแห่ง',
  'สถานศึกษาร้อยละ 80 ขึ้นไปดำเนินการ PLC ตามแผน',
  'นิเทศ ติดตาม และสรุปผลการดำเนินงาน',
  'เผยแพร่แนวปฏิบัติที่ดีอย่างน้อย 3 เรื่อง',
];

export const DEMO_KRS: Draft[] = [
  levels('KRS 1.1', 'ร้อยละของนักเรียนที่มีผลสัมฤทธิ์ทางการเรียนระดับดีขึ้นไป', 'Students achieving good or better', '15', ['40', '45', '50', '55', '60']),
  levels('KRS 1.2', 'อัตราการออกกลางคันของนักเรียน', 'Student drop-out rate', '10', ['1', '0.8', '0.6', '0.5', '0.3'], {
    lower: true,
    target: '0.5',
    measure: 'DROPOUT_RATE',
  }),
  levels('KRS 1.3', 'ร้อยละของเด็กวัยเรียนที่ได้รับการศึกษาภาคบังคับ', 'School-age children in compulsory education', '10', ['90', '92', '94', '96', '98']),
  levels('KRS 2.1', 'ร้อยละของสถานศึกษาที่ผ่านการประกันคุณภาพภายในระดับดีขึ้นไป', 'Schools rated good or better in internal quality assurance', '10', ['70', '75', '80', '85', '90']),
  checklist('KRS 2.2', 'ระดับความสำเร็จในการพัฒนาครูด้วยชุมชนการเรียนรู้ทางวิชาชีพ (PLC)', 'Teacher development through professional learning communities', '10', FIVE_STEPS_PLC),
  levels('KRS 2.3', 'ร้อยละของครูที่ได้รับการพัฒนาตามมาตรฐานตำแหน่ง', 'Teachers developed to their position standard', '5', ['60', '70', '80', '90', '100']),
  checklist('KRS 3.1', 'ระดับความสำเร็จของการขับเคลื่อนโรงเรียนคุณภาพประจำตำบล', 'Quality school of the sub-district programme', '10', [
    'คัดเลือกโรงเรียนเป้าหมายและจัดทำแผนพัฒนา',
    'จัดสรรทรัพยากรตามแผน',
    'พัฒนาโรงเรียนตามมาตรฐานที่กำหนด',
    'ประเมินผลโรงเรียนเป้าหมาย',
    'รายงานผลต่อ สพฐ.',
  ]),
  levels('KRS 3.2', 'ร้อยละของหนังสือราชการที่ตอบรับทันกำหนด', 'Official letters acknowledged on time', '5', ['80', '85', '90', '95', '100'], {
    measure: 'LETTERS_ANSWERED_ON_TIME_RATE',
  }),
  levels('KRS 4.1', 'ร้อยละของการเบิกจ่ายงบประมาณภาพรวม', 'Budget disbursed overall', '10', ['80', '85', '90', '95', '100']),
  {
    framework: 'KRS',
    code: 'KRS 4.2',
    nameTh: 'มีระบบการควบคุมภายในตามหลักเกณฑ์กระทรวงการคลัง',
    nameEn: 'Internal control in place as the Ministry of Finance prescribes',
    unit: 'ผ่าน/ไม่ผ่าน',
    weight: '5',
    target: null,
    ownerLevel: 'AREA_OFFICE',
    scoring: { method: 'YES_NO', direction: null, thresholds: [], steps: [] },
    measure: null,
    pmqaCategory: null,
    description: null,
  },
  levels('KRS 4.3', 'คะแนนการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA)', 'Integrity and transparency assessment score', '10', ['70', '75', '80', '85', '90'], {
    unit: 'คะแนน',
  }),
];

export const DEMO_ARS: Draft[] = [
  levels('ARS 1', 'ร้อยละของโครงการตามแผนปฏิบัติราชการที่ดำเนินการแล้วเสร็จ', 'Action-plan projects completed', '30', ['60', '70', '80', '90', '100']),
  levels('ARS 2', 'ร้อยละของงบประมาณที่เบิกจ่ายตามแผน', 'Budget disbursed as planned', '30', ['60', '70', '80', '90', '100']),
  checklist('ARS 3', 'ระดับความสำเร็จของการติดตามและประเมินผลโครงการ', 'Project monitoring and evaluation', '20', [
    'จัดทำแผนการติดตาม',
    'ติดตามโครงการรอบ 6 เดือน',
    'ติดตามโครงการรอบ 12 เดือน',
    'วิเคราะห์และสรุปผล',
    'นำผลไปปรับปรุงแผนปีถัดไป',
  ]),
  levels('ARS 4', 'ร้อยละของโรงเรียนที่จัดทำแผนปฏิบัติการประจำปีครบถ้วน', 'Schools with a complete annual action plan', '20', ['80', '85', '90', '95', '100']),
];

const criterion = (code: string, nameTh: string, nameEn: string): Draft => ({
  framework: 'PMQA',
  code,
  nameTh,
  nameEn,
  unit: 'ระดับ',
  weight: '0',
  target: null,
  ownerLevel: 'AREA_OFFICE',
  scoring: { method: 'PMQA_LEVEL', direction: null, thresholds: [], steps: [] },
  measure: null,
  pmqaCategory: Number(code.split('.')[0]),
  description: null,
});

/** Criteria after the structure of PMQA 4.0 (7 categories); wording paraphrased, not the official text. */
export const DEMO_PMQA: Draft[] = [
  criterion('1.1', 'การนำองค์การโดยผู้บริหาร', 'Senior leadership'),
  criterion('1.2', 'ธรรมาภิบาลและความรับผิดชอบต่อสังคม', 'Governance and societal responsibility'),
  criterion('2.1', 'การจัดทำยุทธศาสตร์', 'Strategy development'),
  criterion('2.2', 'การนำยุทธศาสตร์ไปปฏิบัติ', 'Strategy implementation'),
  criterion('3.1', 'ความคาดหวังของผู้รับบริการและผู้มีส่วนได้ส่วนเสีย', 'Customer and stakeholder expectations'),
  criterion('3.2', 'ความผูกพันของผู้รับบริการและผู้มีส่วนได้ส่วนเสีย', 'Customer and stakeholder engagement'),
  criterion('4.1', 'การวัด การวิเคราะห์ และการปรับปรุงผลการดำเนินการ', 'Measurement, analysis and improvement'),
  criterion('4.2', 'การจัดการสารสนเทศ ความรู้ และเทคโนโลยีดิจิทัล', 'Information, knowledge and digital technology'),
  criterion('5.1', 'สภาพแวดล้อมของบุคลากร', 'Workforce environment'),
  criterion('5.2', 'ความผูกพันของบุคลากร', 'Workforce engagement'),
  criterion('6.1', 'กระบวนการทำงาน', 'Work processes'),
  criterion('6.2', 'ประสิทธิผลของการปฏิบัติการ', 'Operational effectiveness'),
  criterion('7.1', 'ผลลัพธ์ด้านประสิทธิผลและการบรรลุพันธกิจ', 'Results: effectiveness and mission'),
  criterion('7.2', 'ผลลัพธ์ด้านการให้ความสำคัญกับผู้รับบริการ', 'Results: customers'),
  criterion('7.3', 'ผลลัพธ์ด้านการพัฒนาบุคลากร', 'Results: workforce'),
  criterion('7.4', 'ผลลัพธ์ด้านการนำองค์การและธรรมาภิบาล', 'Results: leadership and governance'),
  criterion('7.5', 'ผลลัพธ์ด้านงบประมาณ การเงิน และการเติบโต', 'Results: budget and finance'),
  criterion('7.6', 'ผลลัพธ์ด้านการลดต้นทุนและนวัตกรรม', 'Results: cost reduction and innovation'),
];

/** The sandbox's area offices, named as the demo directory names them. */
export const LOPBURI_OFFICES: ReadonlyArray<{ code: string; nameTh: string }> = [
  { code: '1601', nameTh: 'สำนักงานเขตพื้นที่การศึกษาประถมศึกษาลพบุรี เขต 1' },
  { code: '1602', nameTh: 'สำนักงานเขตพื้นที่การศึกษาประถมศึกษาลพบุรี เขต 2' },
  { code: '1650', nameTh: 'สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาลพบุรี' },
];

/** Made-up reporters (no real person): given names and surnames combined by a seeded generator. */
export const REPORTER_GIVEN = ['สมใจ', 'วิไลวรรณ', 'ประเสริฐ', 'กมลชนก', 'ธนากร', 'ศิริพร', 'อรุณี', 'สุรเชษฐ์'];
export const REPORTER_FAMILY = ['ใจงาม', 'ศรีสุข', 'มั่นคง', 'รุ่งเรือง', 'แก้วประเสริฐ', 'ทองดี', 'บุญมา', 'พรหมมา'];
