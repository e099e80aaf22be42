import { InfrastructureReported, onBatch, type HandlerRegistration } from '@smss/events';
import { Rollup } from '../modules/figures/rollup.service';

/**
 * `assets.infrastructure.reported.v1` → whether the school has internet (the highest version wins). Runs in the durable consumer's
 * transaction with its inbox insert: a batch at a time (`handleBatch`), or one event alone when a failed
 * batch is redone event by event (`handle`).
 */
export const rollUpWhenInfrastructureReported: HandlerRegistration = onBatch(InfrastructureReported, {
  handle: (event, manager) => Rollup.infrastructure(manager, [event]),
  handleBatch: (events, manager) => Rollup.infrastructure(manager, events),
});
