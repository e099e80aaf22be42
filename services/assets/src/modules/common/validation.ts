import { z } from 'zod';
import { inputFields, inputParser, type FieldProblem } from '@smss/core';

/*
 * The edge of every write: inputs are parsed with zod and refused as BAD_USER_INPUT listing every
 * problem in English and Thai, before anything is read or written (amounts: @smss/money's
 * `positiveAmount`/`nonNegativeAmount`; `parseInput` is @smss/core's, bound
 * to this service's Thai messages; hand-found problems go through @smss/core's `inputProblems`).
 */

export { buddhistYearInput as buddhistYear, isoDateInput as isoDate } from '@smss/thai';
export const { text, optionalText, uuid } = inputFields;
export const staffIds = (min: number, max: number) =>
  z
    .array(uuid)
    .min(min, `at least ${min}`)
    .max(max, `at most ${max}`)
    .refine(
      (ids) => new Set(ids.map((i) => i.toLowerCase())).size === ids.length,
      'must not repeat a person',
    );

/** Thai messages per input field (the first path segment), shown beside the English detail. */
const thaiMessages: Record<string, string> = {
  schoolId: 'รหัสโรงเรียนต้องเป็น UUID',
  buildingId: 'รหัสอาคารต้องเป็น UUID',
  assetId: 'รหัสครุภัณฑ์ต้องเป็น UUID',
  name: 'ชื่ออาคารต้องยาว 1–100 ตัวอักษร',
  typeCode: 'ชนิดสิ่งก่อสร้างไม่ถูกต้อง',
  modelCode: 'แบบอาคารยาวได้ไม่เกิน 60 ตัวอักษร',
  yearBuilt: 'ปีที่ก่อสร้างต้องเป็นปี พ.ศ. ไม่เกินปีปัจจุบัน',
  constructionCost: 'งบประมาณก่อสร้างต้องเป็นข้อความตัวเลข ทศนิยมไม่เกิน 2 ตำแหน่ง และไม่ติดลบ',
  budgetSource: 'แหล่งงบประมาณไม่ถูกต้อง',
  floors: 'จำนวนชั้นต้องอยู่ระหว่าง 1 ถึง 20',
  floorArea: 'พื้นที่ใช้สอยต้องมากกว่า 0 และน้อยกว่า 100,000 ตารางเมตร ทศนิยมไม่เกิน 2 ตำแหน่ง',
  designRooms: 'จำนวนห้องตามแบบต้องอยู่ระหว่าง 0 ถึง 200',
  rooms: 'จำนวนห้องต้องอยู่ระหว่าง 0 ถึง 200 และไม่ระบุการใช้งานซ้ำ',
  condition: 'สภาพอาคารไม่ถูกต้อง',
  conditionAssessedOn: 'วันที่ประเมินสภาพต้องอยู่ในรูปแบบ YYYY-MM-DD และไม่เป็นวันในอนาคต',
  conditionPhotoSha256: 'ค่าตรวจสอบภาพถ่ายต้องเป็น SHA-256 (ตัวอักษรฐานสิบหก 64 ตัว) ไม่เกิน 20 ภาพ',
  status: 'สถานะไม่ถูกต้อง',
  repairedOn: 'วันที่ซ่อมต้องอยู่ในรูปแบบ YYYY-MM-DD และไม่เป็นวันในอนาคต',
  description: 'ต้องระบุรายละเอียด',
  cost: 'จำนวนเงินต้องเป็นข้อความตัวเลข ทศนิยมไม่เกิน 2 ตำแหน่ง และมากกว่าศูนย์',
  fileName: 'ชื่อไฟล์ต้องลงท้ายด้วย .csv หรือ .xlsx',
  contentBase64: 'เนื้อไฟล์ต้องเข้ารหัสแบบ base64',
  fiscalYear: 'ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569',
  opensOn: 'วันเปิดรับต้องอยู่ในรูปแบบ YYYY-MM-DD และอยู่ในปีงบประมาณ',
  closesOn: 'วันปิดรับต้องอยู่ในรูปแบบ YYYY-MM-DD อยู่ในปีงบประมาณ และไม่ก่อนวันเปิดรับ',
  note: 'หมายเหตุยาวได้ไม่เกิน 1,000 ตัวอักษร',
  categoryCode: 'หมวดครุภัณฑ์ไม่ถูกต้อง',
  brandModel: 'ยี่ห้อ/รุ่นยาวได้ไม่เกิน 200 ตัวอักษร',
  serialNumber: 'หมายเลขเครื่องยาวได้ไม่เกิน 100 ตัวอักษร',
  acquisitionMethod: 'วิธีการได้มาไม่ถูกต้อง',
  acquiredOn: 'วันที่ได้รับต้องอยู่ในรูปแบบ YYYY-MM-DD และไม่เป็นวันในอนาคต',
  usage: 'การใช้งานไม่ถูกต้อง',
  location: 'สถานที่ตั้งยาวได้ไม่เกิน 200 ตัวอักษร',
  custodianStaffId: 'รหัสผู้รับผิดชอบต้องเป็น UUID',
  startedOn: 'วันที่เริ่มตรวจสอบต้องอยู่ในรูปแบบ YYYY-MM-DD',
  committeeStaffIds: 'คณะกรรมการต้องมี 1–15 คน และไม่ซ้ำกัน',
  inspectionCommitteeStaffIds:
    'ผู้ตรวจรับต้องมีอย่างน้อย 1 คน (เกิน 100,000 บาท ต้องเป็นคณะกรรมการอย่างน้อย 3 คน) และไม่ซ้ำกัน',
  results: 'ผลการตรวจนับต้องมี 1–500 รายการ และไม่ซ้ำครุภัณฑ์',
  method: 'วิธีไม่ถูกต้อง',
  reason: 'ต้องระบุเหตุผล',
  proceeds: 'จำนวนเงินต้องเป็นข้อความตัวเลข ทศนิยมไม่เกิน 2 ตำแหน่ง และไม่ติดลบ',
  recipient: 'ต้องระบุผู้ซื้อหรือผู้รับโอน',
  disposedOn: 'วันที่จำหน่ายต้องอยู่ในรูปแบบ YYYY-MM-DD',
  reference: 'เลขที่อ้างอิงต้องยาว 1–60 ตัวอักษร',
  subject: 'เรื่องต้องยาว 1–300 ตัวอักษร',
  kind: 'ประเภทไม่ถูกต้อง',
  specificGround: 'เหตุผลการใช้วิธีเฉพาะเจาะจงไม่ถูกต้อง',
  budget: 'วงเงินงบประมาณต้องเป็นข้อความตัวเลข ทศนิยมไม่เกิน 2 ตำแหน่ง และมากกว่าศูนย์',
  medianPrice: 'ราคากลางต้องเป็นข้อความตัวเลข ทศนิยมไม่เกิน 2 ตำแหน่ง และมากกว่าศูนย์',
  orderedOn: 'วันที่สั่งซื้อต้องอยู่ในรูปแบบ YYYY-MM-DD และไม่เป็นวันในอนาคต',
  receivedOn: 'วันที่ตรวจรับต้องอยู่ในรูปแบบ YYYY-MM-DD ไม่ก่อนวันสั่งซื้อ และไม่เป็นวันในอนาคต',
  vendor: 'ต้องระบุผู้ขาย และเลขประจำตัวผู้เสียภาษีต้องเป็นตัวเลข 13 หลัก',
  items: 'ต้องมีรายการ 1–50 รายการ จำนวน 1–10,000 และราคาต่อหน่วยมากกว่าศูนย์',
  projectId: 'รหัสโครงการต้องเป็น UUID',
  paymentVoucherId: 'รหัสฎีกาต้องเป็น UUID',
  internet: 'ข้อมูลอินเทอร์เน็ตไม่ถูกต้อง (ความเร็ว 0–100,000 Mbps)',
  electricity: 'แหล่งไฟฟ้าไม่ถูกต้อง',
  waterSources: 'ต้องระบุแหล่งน้ำอย่างน้อยหนึ่งแหล่ง และไม่ซ้ำกัน',
  expectedVersion: 'เลขรุ่นต้องเป็นจำนวนเต็มบวก',
  asOf: 'วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD',
  code: 'หมายเลขครุภัณฑ์ไม่ถูกต้อง',
};

/** Parse input or throw BAD_USER_INPUT listing every field problem in English and Thai (the shared parser). */
export const parseInput = inputParser(thaiMessages);

/** One field problem, with the Thai message of its field unless given. */
export function problem(field: string, messageEn: string, messageTh?: string): FieldProblem {
  return { field, messageEn, messageTh: messageTh ?? thaiMessages[field.split('.')[0]!] ?? 'ข้อมูลไม่ถูกต้อง' };
}
