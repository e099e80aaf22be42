import { z } from 'zod';
import { defineEvent } from '../envelope';

export const __NAME___STREAM = '__NAME__';

/**
 * A __record_words__ was recorded by the __name__ service. Ids, placement and the facts consumers need;
 * no personal data (the responsible person stays in the __name__ database).
 */
export const __record__RecordedPayload = z.object({
  id: z.string().uuid(),
  schoolId: z.string().uuid(),
  schoolCode: z.string().regex(/^\d{10}$/),
  areaOfficeCode: z.string().regex(/^\d{4}$/),
  title: z.string().min(1),
  recordedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Monotonic per record; consumers keep the highest version they have seen. */
  version: z.number().int().positive(),
});
export type __Record__RecordedPayload = z.infer<typeof __record__RecordedPayload>;

export const __Record__Recorded = defineEvent({
  subject: '__name__.__record_kebab__.recorded.v1',
  stream: __NAME___STREAM,
  payload: __record__RecordedPayload,
  description: 'A __record_words__ of a school was recorded (no personal data).',
});
