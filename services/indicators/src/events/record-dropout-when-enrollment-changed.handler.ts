import { EnrollmentChanged, on } from '@smss/events';
import { fiscalYearOf } from '@smss/thai';
import { MeasureRepository } from '../modules/measures/measure.repository';

/** DROPOUT_COUNT: an enrolment that ended as a drop-out, counted once, in the fiscal year it happened. */
export const recordDropoutWhenEnrollmentChanged = on(EnrollmentChanged, async (event, manager) => {
  const p = event.payload;
  if (p.status !== 'DROPPED_OUT') return;
  await new MeasureRepository(manager.connection).recordDropout(manager, {
    enrollmentId: p.enrollmentId,
    schoolCode: p.schoolCode,
    areaOfficeCode: p.areaOfficeCode,
    fiscalYear: fiscalYearOf(new Date(event.occurredAt)),
    occurredAt: event.occurredAt,
  });
});
