import { AllocationComputed, onBatch, type HandlerRegistration } from '@smss/events';
import { Rollup } from '../modules/figures/rollup.service';

/**
 * `finance.allocation.computed.v1` → the school's subsidy allocation of the round (a recomputation replaces it). Runs in the durable consumer's
 * transaction with its inbox insert: a batch at a time (`handleBatch`), or one event alone when a failed
 * batch is redone event by event (`handle`).
 */
export const rollUpWhenAllocationComputed: HandlerRegistration = onBatch(AllocationComputed, {
  handle: (event, manager) => Rollup.allocations(manager, [event]),
  handleBatch: (events, manager) => Rollup.allocations(manager, events),
});
