import { IndicatorResultApproved, onBatch, type HandlerRegistration } from '@smss/events';
import { Rollup } from '../modules/figures/rollup.service';

/**
 * `indicators.result.approved.v1` → the school's approved results and mean score of the reporting round
 * (school-level results only; the highest version of a result wins).
 */
export const rollUpWhenIndicatorResultApproved: HandlerRegistration = onBatch(IndicatorResultApproved, {
  handle: (event, manager) => Rollup.indicatorResults(manager, [event]),
  handleBatch: (events, manager) => Rollup.indicatorResults(manager, events),
});
