import { suppressedRate } from './suppressed-rate';

interface Attendance {
  attended: number;
  studentDays: number;
  rate: number | null;
  viewLevel: string;
}

export const AttendanceFigures = {
  /** attended / studentDays; null where either count is a suppressed small cell. */
  rate: suppressedRate<Attendance>('attended', 'studentDays', 'rate'),
};
