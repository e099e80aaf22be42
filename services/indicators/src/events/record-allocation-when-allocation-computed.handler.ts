import { AllocationComputed, on } from '@smss/events';
import { MeasureRepository } from '../modules/measures/measure.repository';

/** ALLOCATION_RECEIVED: a school's per-head subsidy of each DMC round; a recomputation replaces it. */
export const recordAllocationWhenAllocationComputed = on(AllocationComputed, async (event, manager) => {
  const p = event.payload;
  await new MeasureRepository(manager.connection).recordAllocation(manager, {
    schoolCode: p.schoolCode,
    roundId: p.roundId,
    fiscalYear: p.fiscalYear,
    areaOfficeCode: p.areaOfficeCode,
    total: p.total,
    snapshotVersion: p.snapshotVersion,
  });
});
