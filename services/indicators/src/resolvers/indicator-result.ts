import type { IndicatorsContext } from '../context';
import type { EvidenceRecord } from '../modules/evidence/evidence.repository';
import type { ResultRecord } from '../modules/results/result.types';

export const IndicatorResult = {
  /** `_entities`: the same loader as `indicatorResult(id)`; the trust layer nulls what the viewer may not see. */
  __resolveReference: (ref: { id: string }, ctx: IndicatorsContext) => ctx.loaders.result.load(ref.id),
  indicator: (r: ResultRecord, _: unknown, ctx: IndicatorsContext) => ctx.loaders.indicator.load(r.indicatorId),
  round: (r: ResultRecord, _: unknown, ctx: IndicatorsContext) => ctx.loaders.round.load(r.roundId),
  areaOffice: (r: ResultRecord) => (r.areaOfficeCode ? { __typename: 'AreaOffice', code: r.areaOfficeCode } : null),
  school: async (r: ResultRecord, _: unknown, ctx: IndicatorsContext) => {
    if (!r.schoolCode) return null;
    const id = await ctx.loaders.schoolId.load(r.schoolCode);
    return id ? { __typename: 'School', id } : null;
  },
  evidence: (r: ResultRecord, _: unknown, ctx: IndicatorsContext) => ctx.loaders.resultEvidence.load(r.id),
  projects: (r: ResultRecord) => r.projectIds.map((id) => ({ __typename: 'Project', id })),
  history: (r: ResultRecord, _: unknown, ctx: IndicatorsContext) => ctx.loaders.resultHistory.load(r.id),
};

export const EvidenceFile = {
  downloadPath: (f: EvidenceRecord) => `/download/indicators/evidence/${f.id}`,
};
