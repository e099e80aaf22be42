import { DmcSnapshotPublished, onBatch, type HandlerRegistration } from '@smss/events';
import { Rollup } from '../modules/figures/rollup.service';

/**
 * `students.dmc-snapshot.published.v1` → the school's student figures of the round (a higher snapshot version replaces them) and its teacher norm. Runs in the durable consumer's
 * transaction with its inbox insert: a batch at a time (`handleBatch`), or one event alone when a failed
 * batch is redone event by event (`handle`).
 */
export const rollUpWhenDmcSnapshotPublished: HandlerRegistration = onBatch(DmcSnapshotPublished, {
  handle: (event, manager) => Rollup.snapshots(manager, [event]),
  handleBatch: (events, manager) => Rollup.snapshots(manager, events),
});
