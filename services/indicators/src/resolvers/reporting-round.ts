import { todayInBangkok } from '@smss/thai';
import { roundLabel, roundPeriod, roundStatus, type ReportingRoundRecord } from '../modules/rounds/round.rules';

export const ReportingRound = {
  label: (r: ReportingRoundRecord) => roundLabel(r.month),
  periodStart: (r: ReportingRoundRecord) => roundPeriod(r.fiscalYear, r.month).start,
  periodEnd: (r: ReportingRoundRecord) => roundPeriod(r.fiscalYear, r.month).end,
  status: (r: ReportingRoundRecord) => roundStatus(r, todayInBangkok()),
};
