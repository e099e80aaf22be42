import { DmcSnapshotPublished, on, type HandlerRegistration } from '@smss/events';
import { computeStaffingNorm } from '../modules/staffing/staffing-norm';
import { StaffingRepository } from '../modules/staffing/staffing.repository';

/**
 * A school's DMC snapshot arrived: compute its staffing norm and keep it if it is the latest
 * (later academic year, later round, or a higher version of the same round). Runs inside the
 * durable consumer's transaction with the inbox row, so a redelivered event changes nothing.
 */
export const recordEnrolmentWhenDmcSnapshotPublished: HandlerRegistration = on(
  DmcSnapshotPublished,
  async (event, manager) => {
    const p = event.payload;
    const norm = computeStaffingNorm(
      p.grades.map((g) => ({ gradeLevel: g.gradeLevel, students: g.male + g.female })),
    );
    await new StaffingRepository(manager.connection).applySnapshot(
      manager,
      {
        eventId: event.id,
        snapshotId: p.snapshotId,
        schoolId: p.schoolId,
        schoolCode: p.schoolCode,
        areaOfficeCode: p.areaOfficeCode,
        academicYear: p.academicYear,
        round: p.round,
        snapshotVersion: p.snapshotVersion,
        asOfDate: p.asOfDate,
        grades: p.grades,
      },
      norm,
    );
  },
);
