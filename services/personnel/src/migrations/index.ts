import { CreateOutboxAndInbox1732406400000 } from '@smss/db';
import { CreateDirectorySchoolReplica1732406400001 } from '@smss/events';
import { CreatePersonnel1732406400300 } from './1732406400300-create-personnel';
import { SeedPublicHolidays1732406400301 } from './1732406400301-seed-public-holidays';
import { MovePersonalDataReadToSharedAudit1764547200300 } from './1764547200300-move-personal-data-read-to-shared-audit';
import { CreateStaffRelease1764547200301 } from './1764547200301-create-staff-release';
import { KeepEnrolmentGradesAsJson1765000000300 } from './1765000000300-keep-enrolment-grades-as-json';

/**
 * In order. The shared outbox/inbox and directory-replica migrations come first; `bootService` adds the
 * trust layer's audit table (`personal_data_access`, 1764547200000), which the move below needs.
 */
export const migrations = [
  CreateOutboxAndInbox1732406400000,
  CreateDirectorySchoolReplica1732406400001,
  CreatePersonnel1732406400300,
  SeedPublicHolidays1732406400301,
  MovePersonalDataReadToSharedAudit1764547200300,
  CreateStaffRelease1764547200301,
  KeepEnrolmentGradesAsJson1765000000300,
];
