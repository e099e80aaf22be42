import { z } from 'zod';
import { defineEvent } from '../envelope';

export const INDICATORS_STREAM = 'INDICATORS';

export const INDICATOR_FRAMEWORKS = ['KRS', 'ARS', 'PMQA'] as const;
export type IndicatorFrameworkCode = (typeof INDICATOR_FRAMEWORKS)[number];

export const ORGANISATION_LEVELS = ['OBEC', 'AREA_OFFICE', 'SCHOOL'] as const;
export type OrganisationLevelCode = (typeof ORGANISATION_LEVELS)[number];

/** A score on the wire: a decimal string with exactly five places (NUMERIC(8,5)), never a JSON number. */
export const fivePlaceScore = z
  .string()
  .regex(/^-?\d{1,3}\.\d{5}$/, 'must be a decimal string with five places such as "3.42857"');

/** A result value on the wire: a decimal string with up to five places (NUMERIC(20,5)). */
export const decimalQuantity = z
  .string()
  .regex(/^-?\d{1,15}(\.\d{1,5})?$/, 'must be a decimal string such as "87.5"');

/**
 * One organisation's result for one indicator in one reporting round: who reported (OBEC, an area
 * office or a school, with the area office it sits in), the value and its five-place score and
 * weighted score. No personal data: the reporter's name and the narrative stay in the indicators
 * database.
 */
const resultFacts = {
  resultId: z.string().uuid(),
  indicatorId: z.string().uuid(),
  indicatorCode: z.string().min(1),
  /** B.E. fiscal year of the catalogue (2569 = 1 Oct 2025 – 30 Sep 2026). */
  fiscalYear: z.number().int().min(2400).max(2700),
  framework: z.enum(INDICATOR_FRAMEWORKS),
  /** The reporting round: 3, 6, 9 or 12 months into the fiscal year. */
  roundMonth: z.union([z.literal(3), z.literal(6), z.literal(9), z.literal(12)]),
  orgLevel: z.enum(ORGANISATION_LEVELS),
  /** OBEC, a 4-digit area office code or a 10-digit OBEC school code. */
  orgCode: z.string().regex(/^(OBEC|\d{4}|\d{10})$/),
  /** The area office of the organisation (itself for an area office; null for OBEC). */
  areaOfficeCode: z
    .string()
    .regex(/^\d{4}$/)
    .nullable(),
  /** The school, for school-level results. */
  schoolCode: z
    .string()
    .regex(/^\d{10}$/)
    .nullable(),
  /** The measured value (null for checklist and yes/no indicators). */
  value: decimalQuantity.nullable(),
  score: fivePlaceScore,
  weightedScore: fivePlaceScore,
  /** Monotonic per result; consumers keep the highest version they have seen. */
  version: z.number().int().positive(),
};

export const indicatorResultSubmittedPayload = z.object({
  ...resultFacts,
  submittedAt: z.string().datetime({ offset: true }),
});
export type IndicatorResultSubmittedPayload = z.infer<typeof indicatorResultSubmittedPayload>;

export const IndicatorResultSubmitted = defineEvent({
  subject: 'indicators.result.submitted.v1',
  stream: INDICATORS_STREAM,
  payload: indicatorResultSubmittedPayload,
  description:
    'An organisation submitted its result for an indicator and reporting round (five-place scores as strings; no personal data).',
});

export const indicatorResultApprovedPayload = z.object({
  ...resultFacts,
  approvedAt: z.string().datetime({ offset: true }),
  /** Token subject of the approver (an area director, or an OBEC administrator for OBEC's own results). */
  approvedBy: z.string().min(1),
});
export type IndicatorResultApprovedPayload = z.infer<typeof indicatorResultApprovedPayload>;

export const IndicatorResultApproved = defineEvent({
  subject: 'indicators.result.approved.v1',
  stream: INDICATORS_STREAM,
  payload: indicatorResultApprovedPayload,
  description:
    'A submitted indicator result was approved; its score counts in the organisation’s total (no personal data).',
});
