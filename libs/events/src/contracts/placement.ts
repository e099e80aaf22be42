import { z } from 'zod';

/** Where a school-addressed event's school sits: its id and its OBEC, area-office and province codes. */
export const schoolPlacement = {
  schoolId: z.string().uuid(),
  schoolCode: z.string().regex(/^\d{10}$/),
  areaOfficeCode: z.string().regex(/^\d{4}$/),
  provinceCode: z.string().regex(/^\d{2}$/),
};
