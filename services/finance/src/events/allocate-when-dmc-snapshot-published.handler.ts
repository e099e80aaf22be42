import { DmcSnapshotPublished, onBatch, type HandlerRegistration } from '@smss/events';
import { AllocationBatch, AllocationService } from '../modules/subsidy/allocation.service';
import { SubsidyRepository } from '../modules/subsidy/subsidy.repository';

/**
 * `students.dmc-snapshot.published.v1` → the schools' subsidy allocations for their rounds. Runs in
 * the durable consumer's transaction, which also records the event ids in the inbox: a redelivered
 * event is acknowledged without running this again.
 * - `handleBatch`: the new events of one consumer batch together (rates read once, integer satang,
 *   one statement per table);
 * - `handle`: one event in its own transaction, when a batch failed and is redone event by event.
 */
export const allocateWhenDmcSnapshotPublished: HandlerRegistration = onBatch(DmcSnapshotPublished, {
  handle: async (event, manager) => {
    await new AllocationService(new SubsidyRepository(manager.connection)).applySnapshot(manager, event);
  },
  handleBatch: async (events, manager) => {
    await AllocationBatch.apply(new SubsidyRepository(manager.connection), manager, events);
  },
});
