import { SchoolUpserted, onBatch, type HandlerRegistration } from '@smss/events';
import { Rollup } from '../modules/figures/rollup.service';

/**
 * `schools.school.upserted.v1` → the directory replica, open schools per place, and a moved school's rows counted at its new place. Runs in the durable consumer's
 * transaction with its inbox insert: a batch at a time (`handleBatch`), or one event alone when a failed
 * batch is redone event by event (`handle`).
 */
export const rollUpWhenSchoolUpserted: HandlerRegistration = onBatch(SchoolUpserted, {
  handle: (event, manager) => Rollup.schools(manager, [event]),
  handleBatch: (events, manager) => Rollup.schools(manager, events),
});
