import { onBatch, SpendingRecorded, type HandlerRegistration } from '@smss/events';
import { Rollup } from '../modules/figures/rollup.service';

/**
 * `finance.spending.recorded.v1` → the school's spending of the entry's fiscal year (each voucher or refund
 * counted once). Runs in the durable consumer's transaction with its inbox insert: a batch at a time
 * (`handleBatch`), or one event alone when a failed batch is redone event by event (`handle`).
 */
export const rollUpWhenSpendingRecorded: HandlerRegistration = onBatch(SpendingRecorded, {
  handle: (event, manager) => Rollup.spending(manager, [event]),
  handleBatch: (events, manager) => Rollup.spending(manager, events),
});
