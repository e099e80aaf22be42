import type { IndicatorFrameworkCode } from '@smss/events';
import type { OrgLevel } from '../access/organisation';
import type { ScoringCriteria } from '../scoring/score';

export const PLATFORM_MEASURES = [
  'ENROLMENT',
  'DROPOUT_COUNT',
  'DROPOUT_RATE',
  'STAFF_POSTED',
  'ALLOCATION_RECEIVED',
  'LETTERS_ANSWERED_ON_TIME_RATE',
] as const;
export type PlatformMeasureCode = (typeof PLATFORM_MEASURES)[number];

/** One catalogue indicator as the service hands it on (the repository's mapper decides the fields). */
export interface IndicatorRecord {
  id: string;
  fiscalYear: number;
  framework: IndicatorFrameworkCode;
  code: string;
  nameTh: string;
  nameEn: string;
  unit: string;
  /** Five-place decimal string. */
  weight: string;
  target: string | null;
  ownerLevel: OrgLevel;
  scoring: ScoringCriteria;
  measure: PlatformMeasureCode | null;
  pmqaCategory: number | null;
  description: string | null;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

/** What a valid create input holds (strings canonical). */
export interface IndicatorDraft {
  fiscalYear: number;
  framework: IndicatorFrameworkCode;
  code: string;
  nameTh: string;
  nameEn: string;
  unit: string;
  weight: string;
  target: string | null;
  ownerLevel: OrgLevel;
  scoring: ScoringCriteria;
  measure: PlatformMeasureCode | null;
  pmqaCategory: number | null;
  description: string | null;
}
