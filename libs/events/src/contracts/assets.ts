import { z } from 'zod';
import { defineEvent } from '../envelope';
import { schoolPlacement } from './placement';

export const ASSETS_STREAM = 'ASSETS';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Money and areas travel as decimal strings, never as floats. */
const decimalText = z.string().regex(/^-?\d+\.\d{2}$/);
const conditionCounts = z.object({
  good: z.number().int().nonnegative(),
  needsRepair: z.number().int().nonnegative(),
  dilapidated: z.number().int().nonnegative(),
  unsafe: z.number().int().nonnegative(),
});

/**
 * A school's building survey of a round, frozen when OBEC closed the round: one event per school, with
 * the figures the war room shows (buildings by condition, floor area, classrooms). No personal data.
 */
export const buildingSurveyClosedPayload = z.object({
  surveyId: z.string().uuid(),
  roundId: z.string().uuid(),
  fiscalYear: z.number().int().min(2400).max(2700),
  ...schoolPlacement,
  /** Accepted by the area office before the round closed (false: submitted but never checked). */
  accepted: z.boolean(),
  buildings: z.number().int().nonnegative(),
  byCondition: conditionCounts,
  /** Sum of the buildings' floor areas (m²) that give one. */
  floorArea: decimalText,
  classrooms: z.number().int().nonnegative(),
  closedAt: z.string().datetime({ offset: true }),
});
export type BuildingSurveyClosedPayload = z.infer<typeof buildingSurveyClosedPayload>;

export const BuildingSurveyClosed = defineEvent({
  subject: 'assets.building-survey.closed.v1',
  stream: ASSETS_STREAM,
  payload: buildingSurveyClosedPayload,
  description: "A school's building survey was frozen when its round closed (figures, no personal data).",
});

export const ASSET_CHANGES = ['REGISTERED', 'UPDATED', 'STATUS_CHANGED', 'DISPOSED'] as const;

/**
 * A durable good was registered, changed, marked damaged or missing, or left the register: its state
 * after the change, for the war room's per-school figures. No custodian (personal). Consumers keep the
 * highest `version` per asset.
 */
export const assetChangedPayload = z.object({
  assetId: z.string().uuid(),
  ...schoolPlacement,
  change: z.enum(ASSET_CHANGES),
  code: z.string().min(1),
  categoryCode: z.string().regex(/^\d{4}-\d{3}$/),
  usage: z.enum(['TEACHING', 'ADMINISTRATION', 'OTHER']),
  status: z.enum(['IN_USE', 'DAMAGED', 'MISSING', 'PENDING_DISPOSAL', 'DISPOSED']),
  acquiredOn: isoDate,
  cost: decimalText,
  capitalised: z.boolean(),
  usefulLifeYears: z.number().int().positive(),
  disposedOn: isoDate.nullable(),
  version: z.number().int().positive(),
});
export type AssetChangedPayload = z.infer<typeof assetChangedPayload>;

export const AssetChanged = defineEvent({
  subject: 'assets.asset.changed.v1',
  stream: ASSETS_STREAM,
  payload: assetChangedPayload,
  description:
    'A durable good was registered, changed or disposed of (its state after the change, no personal data).',
});

/**
 * A school reported its infrastructure: internet, electricity, water, and its teaching computers from
 * the register. Consumers keep the highest `version` per school.
 */
export const infrastructureReportedPayload = z.object({
  ...schoolPlacement,
  internetConnected: z.boolean(),
  internetType: z.enum(['FIBRE', 'DSL', 'MOBILE', 'SATELLITE', 'LEASED_LINE', 'NONE']),
  downloadMbps: z.number().int().nonnegative().nullable(),
  electricity: z.enum(['GRID', 'SOLAR', 'GRID_AND_SOLAR', 'GENERATOR', 'NONE']),
  waterSources: z.array(z.enum(['PIPED', 'GROUNDWATER', 'RAINWATER', 'SURFACE', 'DELIVERED'])).min(1),
  teachingComputers: z.number().int().nonnegative(),
  teachingComputersOverFiveYears: z.number().int().nonnegative(),
  reportedOn: isoDate,
  version: z.number().int().positive(),
});
export type InfrastructureReportedPayload = z.infer<typeof infrastructureReportedPayload>;

export const InfrastructureReported = defineEvent({
  subject: 'assets.infrastructure.reported.v1',
  stream: ASSETS_STREAM,
  payload: infrastructureReportedPayload,
  description: "A school's infrastructure was reported (no personal data).",
});
