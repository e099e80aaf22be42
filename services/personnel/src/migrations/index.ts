import { CreateOutboxAndInbox1732406400000 } from '@smss/db';
import { CreateDirectorySchoolReplica1732406400001 } from '@smss/events';
import { CreatePersonnel1732406400300 } from './1732406400300-create-personnel';
import { SeedPublicHolidays1732406400301 } from './1732406400301-seed-public-holidays';

/** In order. The shared outbox/inbox and directory-replica migrations come first. */
export const migrations = [
  CreateOutboxAndInbox1732406400000,
  CreateDirectorySchoolReplica1732406400001,
  CreatePersonnel1732406400300,
  SeedPublicHolidays1732406400301,
];
