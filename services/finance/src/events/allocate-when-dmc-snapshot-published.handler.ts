import { DmcSnapshotPublished, on, type HandlerRegistration } from '@smss/events';
import { AllocationService } from '../modules/subsidy/allocation.service';
import { SubsidyRepository } from '../modules/subsidy/subsidy.repository';

/**
 * `students.dmc-snapshot.published.v1` → the school's subsidy allocation for that round. Runs in
 * the durable consumer's transaction, which also records the event id in the inbox: a redelivered
 * event is acknowledged without running this again.
 */
export const allocateWhenDmcSnapshotPublished: HandlerRegistration = on(
  DmcSnapshotPublished,
  async (event, manager) => {
    await new AllocationService(new SubsidyRepository(manager.dataSource)).applySnapshot(manager, event);
  },
);
