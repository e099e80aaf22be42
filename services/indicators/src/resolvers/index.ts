import { QuantityScalar, ScoreScalar } from '../modules/scoring/scalars';
import { AreaOffice } from './area-office';
import { Indicator, ScoringCriteria } from './indicator';
import { EvidenceFile, IndicatorResult } from './indicator-result';
import { Mutation } from './mutation';
import { PmqaEvidenceItem } from './pmqa';
import { Query } from './query';
import { ReportingRound } from './reporting-round';
import { School } from './school';
import { IndicatorScoreCard, IndicatorScoreLine, OrganisationReportingStatus } from './score-card';

/** One file per GraphQL type (or family of small types). */
export const resolvers = {
  Score: ScoreScalar,
  Quantity: QuantityScalar,
  Query,
  Mutation,
  School,
  AreaOffice,
  Indicator,
  ScoringCriteria,
  ReportingRound,
  IndicatorResult,
  EvidenceFile,
  IndicatorScoreCard,
  IndicatorScoreLine,
  OrganisationReportingStatus,
  PmqaEvidenceItem,
};
