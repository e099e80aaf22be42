import { CreateOutboxAndInbox1732406400000 } from '@smss/db';
import { CreateDirectorySchoolReplica1732406400001 } from '@smss/events';
import { CreateIndicators1796122883794 } from './1796122883794-create-indicators';

/** In order. The shared outbox/inbox and directory-replica migrations come first. */
export const migrations = [
  CreateOutboxAndInbox1732406400000,
  CreateDirectorySchoolReplica1732406400001,
  CreateIndicators1796122883794,
];
