import { on, StaffAssigned } from '@smss/events';
import { MeasureRepository } from '../modules/measures/measure.repository';

/** STAFF_POSTED: where each staff member is posted now (a transfer moves the count to the new post). */
export const recordPostingWhenStaffAssigned = on(StaffAssigned, async (event, manager) => {
  const p = event.payload;
  await new MeasureRepository(manager.connection).recordPosting(manager, {
    staffId: p.staffId,
    orgKind: p.posting.orgKind,
    schoolCode: p.posting.schoolCode,
    areaOfficeCode: p.posting.areaOfficeCode,
    startDate: p.startDate,
  });
});
