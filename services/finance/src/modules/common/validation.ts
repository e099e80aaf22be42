import { z } from 'zod';
import { inputFields, inputParser } from '@smss/core';

export { isoDateInput as isoDate } from '@smss/thai';
export const text = (max = 500) => inputFields.text(max);
export const fiscalYearNumber = z
  .number()
  .int()
  .min(2500, 'must be a B.E. fiscal year such as 2569')
  .max(2700, 'must be a B.E. fiscal year such as 2569');
export const { uuid } = inputFields;

const defaultThai: Record<string, string> = {
  amount: 'จำนวนเงินต้องเป็นข้อความตัวเลข ทศนิยมไม่เกิน 2 ตำแหน่ง และมากกว่าศูนย์',
  amountPerYear: 'อัตราต้องเป็นข้อความตัวเลข ทศนิยมไม่เกิน 2 ตำแหน่ง และไม่ติดลบ',
  requestedBudget: 'งบประมาณที่ขอต้องเป็นข้อความตัวเลขและไม่ติดลบ',
  approvedBudget: 'งบประมาณที่อนุมัติต้องเป็นข้อความตัวเลขและไม่ติดลบ',
  lines: 'ต้องมีรายการอย่างน้อยหนึ่งรายการ และจำนวนเงินแต่ละรายการต้องมากกว่าศูนย์',
  withholdingTaxPercent: 'อัตราภาษีหัก ณ ที่จ่ายต้องอยู่ระหว่างร้อยละ 0 ถึง 15',
  date: 'วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD',
  startDate: 'วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD',
  endDate: 'วันที่สิ้นสุดต้องอยู่ในรูปแบบ YYYY-MM-DD และไม่ก่อนวันเริ่ม',
  fiscalYear: 'ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569',
  schoolId: 'รหัสโรงเรียนต้องเป็น UUID',
  projectId: 'รหัสโครงการต้องเป็น UUID',
  strategyId: 'รหัสกลยุทธ์ต้องเป็น UUID',
  activityId: 'รหัสกิจกรรมต้องเป็น UUID',
  voucherId: 'รหัสฎีกาต้องเป็น UUID',
  moneySourceCode: 'ต้องระบุแหล่งเงิน',
  payee: 'ต้องระบุผู้รับเงิน และเลขประจำตัวผู้เสียภาษีต้องเป็นตัวเลข 13 หลัก',
  payer: 'ต้องระบุผู้ชำระเงิน',
  description: 'ต้องระบุรายละเอียด',
  nameTh: 'ต้องระบุชื่อภาษาไทย',
  owner: 'ต้องระบุผู้รับผิดชอบ',
  code: 'ต้องระบุรหัส',
  reason: 'ต้องระบุเหตุผล',
  result: 'ต้องระบุผลการดำเนินงาน',
  appliesTo: 'ต้องระบุระดับ (PRE_PRIMARY, PRIMARY, LOWER_SECONDARY, UPPER_SECONDARY) หรือชั้น K1–M6',
  source: 'ต้องระบุแหล่งที่มาของอัตรา',
  expectedVersion: 'เลขรุ่นต้องเป็นจำนวนเต็มบวก',
};

/** Parse input or throw BAD_USER_INPUT listing every field problem in English and Thai (the shared parser). */
export const parseInput = inputParser(defaultThai);
