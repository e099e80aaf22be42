import { StaffAssigned, onBatch, type HandlerRegistration } from '@smss/events';
import { Rollup } from '../modules/figures/rollup.service';

/**
 * `personnel.staff.assigned.v1` → teachers present at the old and new school. Runs in the durable consumer's
 * transaction with its inbox insert: a batch at a time (`handleBatch`), or one event alone when a failed
 * batch is redone event by event (`handle`).
 */
export const rollUpWhenStaffAssigned: HandlerRegistration = onBatch(StaffAssigned, {
  handle: (event, manager) => Rollup.postings(manager, [event]),
  handleBatch: (events, manager) => Rollup.postings(manager, events),
});
