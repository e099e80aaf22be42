import { z } from 'zod';
import { inputParser } from '@smss/core';
import { isoDateInput } from '@smss/thai';

/** Thailand's bounding box, generously: coordinates outside it are typing mistakes. */
export const THAILAND_BOUNDS = { minLat: 5.5, maxLat: 20.6, minLng: 97.3, maxLng: 105.7 };

const thaiMessages: Record<string, string> = {
  obecCode: 'รหัสโรงเรียน สพฐ. ต้องเป็นตัวเลข 10 หลัก',
  smisCode: 'รหัส SMIS ต้องเป็นตัวเลข 8 หลัก',
  nameTh: 'ชื่อภาษาไทยต้องมีตัวอักษรไทย ความยาว 1–200 ตัวอักษร',
  nameEn: 'ชื่อภาษาอังกฤษยาวได้ไม่เกิน 200 ตัวอักษร',
  areaOfficeCode: 'รหัสเขตพื้นที่ต้องเป็นตัวเลข 4 หลัก',
  districtCode: 'รหัสอำเภอต้องเป็นตัวเลข 4 หลัก',
  latitude: 'ละติจูดต้องอยู่ในประเทศไทย (5.5–20.6)',
  longitude: 'ลองจิจูดต้องอยู่ในประเทศไทย (97.3–105.7)',
  levels: 'ต้องระบุระดับชั้นที่เปิดสอนอย่างน้อยหนึ่งระดับ และไม่ซ้ำกัน',
  statusReason: 'ต้องระบุเหตุผลเมื่อเปลี่ยนสถานะ',
  statusEffectiveDate: 'วันที่มีผลต้องอยู่ในรูปแบบ YYYY-MM-DD',
  mergedIntoObecCode: 'รหัสโรงเรียนที่ยุบรวมเข้าต้องเป็นตัวเลข 10 หลัก',
  expectedVersion: 'เลขรุ่นต้องเป็นจำนวนเต็มบวก',
};

const thaiName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/[\u0E00-\u0E7F]/, 'must contain Thai characters');
const uniqueList = <T extends z.ZodType>(item: T) =>
  z.array(item).refine((list) => new Set(list).size === list.length, 'must not repeat values');

export const createSchoolSchema = z.object({
  obecCode: z.string().regex(/^\d{10}$/, 'must be 10 digits'),
  smisCode: z.string().regex(/^\d{8}$/, 'must be 8 digits'),
  nameTh: thaiName,
  nameEn: z.string().trim().max(200).nullish(),
  areaOfficeCode: z.string().regex(/^\d{4}$/, 'must be 4 digits'),
  districtCode: z.string().regex(/^\d{4}$/, 'must be 4 digits'),
  latitude: z.number().min(THAILAND_BOUNDS.minLat).max(THAILAND_BOUNDS.maxLat).nullish(),
  longitude: z.number().min(THAILAND_BOUNDS.minLng).max(THAILAND_BOUNDS.maxLng).nullish(),
  levels: uniqueList(z.string()).refine((l) => l.length > 0, 'must name at least one level'),
  schoolType: z.string(),
  specialProgrammes: uniqueList(z.string()).nullish(),
});

export const updateSchoolSchema = z.object({
  nameTh: thaiName.nullish(),
  nameEn: z.string().trim().max(200).nullish(),
  districtCode: z
    .string()
    .regex(/^\d{4}$/, 'must be 4 digits')
    .nullish(),
  latitude: z.number().min(THAILAND_BOUNDS.minLat).max(THAILAND_BOUNDS.maxLat).nullish(),
  longitude: z.number().min(THAILAND_BOUNDS.minLng).max(THAILAND_BOUNDS.maxLng).nullish(),
  levels: uniqueList(z.string())
    .refine((l) => l.length > 0, 'must name at least one level')
    .nullish(),
  schoolType: z.string().nullish(),
  specialProgrammes: uniqueList(z.string()).nullish(),
  status: z.enum(['OPEN', 'MERGED', 'CLOSED']).nullish(),
  statusReason: z.string().trim().min(1).max(500).nullish(),
  statusEffectiveDate: isoDateInput.nullish(),
  mergedIntoObecCode: z
    .string()
    .regex(/^\d{10}$/, 'must be 10 digits')
    .nullish(),
  expectedVersion: z.number().int().positive().nullish(),
});

export type CreateSchoolInput = z.infer<typeof createSchoolSchema>;
export type UpdateSchoolInput = z.infer<typeof updateSchoolSchema>;

/** Parse input or throw BAD_USER_INPUT listing every field problem in English and Thai (the shared parser). */
export const parseInput = inputParser(thaiMessages);
