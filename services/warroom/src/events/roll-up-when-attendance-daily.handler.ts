import { AttendanceDaily, onBatch, type HandlerRegistration } from '@smss/events';
import { Rollup } from '../modules/figures/rollup.service';

/**
 * `students.attendance.daily.v1` → the school's attendance of the day's semester, term to date (the latest
 * revision of a school and date wins; a replayed or late older revision changes nothing).
 */
export const rollUpWhenAttendanceDaily: HandlerRegistration = onBatch(AttendanceDaily, {
  handle: (event, manager) => Rollup.attendance(manager, [event]),
  handleBatch: (events, manager) => Rollup.attendance(manager, events),
});
