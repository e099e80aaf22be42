import { NutritionSummarised, onBatch, type HandlerRegistration } from '@smss/events';
import { Rollup } from '../modules/figures/rollup.service';

/**
 * `students.nutrition.summarised.v1` → the school's nutrition figures of the academic year and term (the
 * latest revision of a school and term wins; a replayed or late older revision changes nothing).
 */
export const rollUpWhenNutritionSummarised: HandlerRegistration = onBatch(NutritionSummarised, {
  handle: (event, manager) => Rollup.nutrition(manager, [event]),
  handleBatch: (events, manager) => Rollup.nutrition(manager, events),
});
