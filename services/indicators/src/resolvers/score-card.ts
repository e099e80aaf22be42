import type { IndicatorsContext } from '../context';
import type { ReportingStatus, ScoreCard, ScoreLine } from '../modules/scores/score-card.service';

const areaRef = (code: string | null) => (code ? { __typename: 'AreaOffice', code } : null);

export const IndicatorScoreCard = {
  areaOffice: (c: ScoreCard) => areaRef(c.areaOfficeCode),
};

export const IndicatorScoreLine = {
  // The line's result is the same object the card was built from: the trust layer checks it again.
  result: (l: ScoreLine) => l.result,
};

export const OrganisationReportingStatus = {
  areaOffice: (s: ReportingStatus) => areaRef(s.areaOfficeCode),
  school: async (s: ReportingStatus, _: unknown, ctx: IndicatorsContext) => {
    if (!s.schoolCode) return null;
    const id = s.schoolId ?? (await ctx.loaders.schoolId.load(s.schoolCode));
    return id ? { __typename: 'School', id } : null;
  },
};
