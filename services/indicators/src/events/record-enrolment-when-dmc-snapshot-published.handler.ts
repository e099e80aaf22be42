import { DmcSnapshotPublished, on } from '@smss/events';
import { fiscalYearOf } from '@smss/thai';
import { MeasureRepository } from '../modules/measures/measure.repository';

/**
 * ENROLMENT (and the drop-out rate's denominator): a school's students in the latest DMC snapshot of
 * each fiscal year (10 Nov 2025 and 10 Jun 2026 both fall in FY 2569; the later one, or a corrected
 * version of the same round, replaces the earlier).
 */
export const recordEnrolmentWhenDmcSnapshotPublished = on(DmcSnapshotPublished, async (event, manager) => {
  const p = event.payload;
  await new MeasureRepository(manager.connection).recordEnrolment(manager, {
    schoolCode: p.schoolCode,
    areaOfficeCode: p.areaOfficeCode,
    fiscalYear: fiscalYearOf(p.asOfDate),
    students: p.totalStudents,
    asOf: p.asOfDate,
    snapshotVersion: p.snapshotVersion,
  });
});
