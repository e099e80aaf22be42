import { CreateOutboxAndInbox1732406400000 } from '@smss/db';
import { CreateDirectorySchoolReplica1732406400001 } from '@smss/events';
import { Create__Records____TIMESTAMP__ } from './__TIMESTAMP__-create-__record_kebab__';

/** In order. The shared outbox/inbox and directory-replica migrations come first. */
export const migrations = [
  CreateOutboxAndInbox1732406400000,
  CreateDirectorySchoolReplica1732406400001,
  Create__Records____TIMESTAMP__,
];
