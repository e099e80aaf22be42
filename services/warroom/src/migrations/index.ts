import { CreateOutboxAndInbox1732406400000 } from '@smss/db';
import { CreateDirectorySchoolReplica1732406400001 } from '@smss/events';
import { CreateWarRoom1796137344311 } from './1796137344311-create-war-room';
import { AttendanceDay1796137344312 } from './1796137344312-attendance-day';
import { SpendingEntry1796137344313 } from './1796137344313-spending-entry';

/** In order. The shared outbox/inbox and directory-replica migrations come first. */
export const migrations = [
  CreateOutboxAndInbox1732406400000,
  CreateDirectorySchoolReplica1732406400001,
  CreateWarRoom1796137344311,
  AttendanceDay1796137344312,
  SpendingEntry1796137344313,
];
