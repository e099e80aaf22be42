import type { RequestContext } from '@smss/service-kit';
import type { RecordScope } from './modules/access/record-scope';
import type { LeaveRepository } from './modules/leave/leave.repository';
import type { LeaveService } from './modules/leave/leave.service';
import type { PersonnelLoaders } from './modules/staff/staff.loaders';
import type { StaffRepository } from './modules/staff/staff.repository';
import type { StaffService } from './modules/staff/staff.service';

export interface PersonnelContext extends RequestContext {
  /** Today in Asia/Bangkok, fixed for the whole request. */
  today: string;
  /** The viewer's reach over personnel records, for the SQL filters of lists (the layer checks each record). */
  scope: RecordScope;
  loaders: PersonnelLoaders;
  staffRepo: StaffRepository;
  leaveRepo: LeaveRepository;
  staff: StaffService;
  leave: LeaveService;
}
