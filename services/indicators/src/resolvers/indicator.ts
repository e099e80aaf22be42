import type { IndicatorsContext } from '../context';
import type { IndicatorRecord } from '../modules/catalogue/catalogue.types';
import type { ScoringCriteria as Criteria } from '../modules/scoring/score';

export const Indicator = {
  /** `_entities`: batched through the same loader as `indicator(id)`, in request order. */
  __resolveReference: (ref: { id: string }, ctx: IndicatorsContext) => ctx.loaders.indicator.load(ref.id),
  scoring: (i: IndicatorRecord) => i.scoring,
};

export const ScoringCriteria = {
  steps: (c: Criteria) => c.steps.map((description, i) => ({ number: i + 1, description })),
  thresholds: (c: Criteria) => c.thresholds,
};
