import { z } from 'zod';
import { defineEvent } from '../envelope';

export const CORRESPONDENCE_STREAM = 'CORRESPONDENCE';

/** OBEC, a 4-digit area office code or a 10-digit OBEC school code. */
const orgCode = z.string().regex(/^(OBEC|\d{4}|\d{10})$/);

export const LETTER_URGENCIES = ['NORMAL', 'URGENT', 'VERY_URGENT', 'MOST_URGENT'] as const;
export const LETTER_SECRECIES = ['NORMAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'] as const;

/**
 * One delivery of a letter: a copy circulated to one organisation (one event per recipient, never one per
 * national circular: messages stay small). Ids, organisations, levels and the deadline only — no subject,
 * no text, no person: the letter stays in the correspondence database, secret or not.
 */
export const letterDispatchedPayload = z.object({
  letterId: z.string().uuid(),
  deliveryId: z.string().uuid(),
  senderOrgCode: orgCode,
  recipientOrgCode: orgCode,
  /** The recipient's area office (itself for an area office; null for OBEC). */
  recipientAreaOfficeCode: z
    .string()
    .regex(/^\d{4}$/)
    .nullable(),
  /** The delivery it was forwarded from (an area office passing an OBEC circular to its schools). */
  forwardedFromDeliveryId: z.string().uuid().nullable(),
  urgency: z.enum(LETTER_URGENCIES),
  secrecy: z.enum(LETTER_SECRECIES),
  dueAt: z.string().datetime({ offset: true }).nullable(),
  dispatchedAt: z.string().datetime({ offset: true }),
});
export type LetterDispatchedPayload = z.infer<typeof letterDispatchedPayload>;

export const LetterDispatched = defineEvent({
  subject: 'correspondence.letter.dispatched.v1',
  stream: CORRESPONDENCE_STREAM,
  payload: letterDispatchedPayload,
  description: 'A letter was circulated to one organisation (one event per recipient; no subject or text).',
});

/** A recipient acknowledged its copy (AMSS++ book_sendto_answer). */
export const letterAcknowledgedPayload = z.object({
  letterId: z.string().uuid(),
  deliveryId: z.string().uuid(),
  recipientOrgCode: orgCode,
  recipientAreaOfficeCode: z
    .string()
    .regex(/^\d{4}$/)
    .nullable(),
  acknowledgedAt: z.string().datetime({ offset: true }),
  /** Acknowledged after its deadline. */
  late: z.boolean(),
});
export type LetterAcknowledgedPayload = z.infer<typeof letterAcknowledgedPayload>;

export const LetterAcknowledged = defineEvent({
  subject: 'correspondence.letter.acknowledged.v1',
  stream: CORRESPONDENCE_STREAM,
  payload: letterAcknowledgedPayload,
  description: 'An organisation acknowledged a letter circulated to it (no person, no subject).',
});
