import { BuildingSurveyClosed, onBatch, type HandlerRegistration } from '@smss/events';
import { Rollup } from '../modules/figures/rollup.service';

/**
 * `assets.building-survey.closed.v1` → the school's buildings by condition of the survey's fiscal year. Runs in the durable consumer's
 * transaction with its inbox insert: a batch at a time (`handleBatch`), or one event alone when a failed
 * batch is redone event by event (`handle`).
 */
export const rollUpWhenBuildingSurveyClosed: HandlerRegistration = onBatch(BuildingSurveyClosed, {
  handle: (event, manager) => Rollup.surveys(manager, [event]),
  handleBatch: (events, manager) => Rollup.surveys(manager, events),
});
