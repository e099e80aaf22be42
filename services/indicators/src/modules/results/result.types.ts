import type { IndicatorFrameworkCode } from '@smss/events';
import type { OrgLevel } from '../access/organisation';
import type { RoundMonth } from '../rounds/round.rules';

export type ResultStatusCode = 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';

/** One result as the service hands it on (the repository's mapper decides the fields). */
export interface ResultRecord {
  id: string;
  indicatorId: string;
  roundId: string;
  fiscalYear: number;
  roundMonth: RoundMonth;
  framework: IndicatorFrameworkCode;
  indicatorCode: string;
  orgLevel: OrgLevel;
  orgCode: string;
  /** Where the organisation sits: the trust layer's owner rule reads these. */
  areaOfficeCode: string | null;
  schoolCode: string | null;
  status: ResultStatusCode;
  value: string | null;
  valueSource: 'TYPED' | 'PLATFORM';
  stepsDone: number[];
  achieved: boolean | null;
  score: string | null;
  weightedScore: string | null;
  narrative: string | null;
  projectIds: string[];
  /** Personal data: the trust layer masks it without pii:read and audits every unmasked read. */
  reporterName: string | null;
  reporterPhone: string | null;
  returnComment: string | null;
  submittedBy: string | null;
  submittedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  version: number;
  createdBy: string;
  updatedAt: string;
}

export interface ResultHistoryEntry {
  resultId: string;
  status: ResultStatusCode;
  by: string;
  at: string;
  comment: string | null;
}

/** What a save or submit writes (validated, scored). */
export interface ResultWrite {
  value: string | null;
  valueSource: 'TYPED' | 'PLATFORM';
  stepsDone: number[];
  achieved: boolean | null;
  score: string | null;
  weightedScore: string | null;
  narrative: string | null;
  projectIds: string[];
  reporterName: string | null;
  reporterPhone: string | null;
}
