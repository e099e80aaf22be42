import { z } from 'zod';
import { defineEvent } from '../envelope';

export const SCHOOLS_STREAM = 'SCHOOLS';

/** The directory facts other services replicate (enough to authorise by hierarchy and to label). */
export const schoolUpsertedPayload = z.object({
  id: z.string().uuid(),
  obecCode: z.string().regex(/^\d{10}$/),
  smisCode: z.string().regex(/^\d{8}$/),
  nameTh: z.string().min(1),
  nameEn: z.string().nullable(),
  areaOfficeCode: z.string().regex(/^\d{4}$/),
  provinceCode: z.string().regex(/^\d{2}$/),
  districtCode: z.string().regex(/^\d{4}$/),
  status: z.enum(['OPEN', 'MERGED', 'CLOSED']),
  schoolType: z.string(),
  levels: z.array(z.string()),
  /** Monotonic per school; replicas keep the highest version they have seen. */
  version: z.number().int().positive(),
});

/**
 * Directory state, kept as the last value per school: published on
 * `schools.school.upserted.v1.<schoolId>` to the SCHOOLS stream, which keeps one message per subject
 * and never ages them out, so a replica built at any time reads every school's latest record.
 * Consumers filter `schools.school.upserted.v1.*` (`subjectFilterOf`).
 */
export const SchoolUpserted = defineEvent({
  subject: 'schools.school.upserted.v1',
  stream: SCHOOLS_STREAM,
  payload: schoolUpsertedPayload,
  description: 'A school was created or changed in the directory (full snapshot of the replicated fields).',
  lastValuePerAggregate: true,
});
