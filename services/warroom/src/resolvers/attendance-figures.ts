import type { WarroomContext } from '../context';
import { suppressesWarRoomCells } from '../trust';

interface Attendance {
  attended: number;
  studentDays: number;
  rate: number | null;
  viewLevel: string;
}

const isSmall = (n: number) => n > 0 && n < 5;

export const AttendanceFigures = {
  /**
   * attended / studentDays. Where the viewer sees small cells suppressed (partners and OBEC analysts below
   * area level), a rate over a suppressed count is null too: rate × studentDays would give the count back.
   */
  rate: (a: Attendance, _: unknown, ctx: WarroomContext) =>
    (isSmall(a.attended) || isSmall(a.studentDays)) &&
    suppressesWarRoomCells(ctx.viewer, { type: 'WarRoomView', obj: { level: a.viewLevel } })
      ? null
      : a.rate,
};
