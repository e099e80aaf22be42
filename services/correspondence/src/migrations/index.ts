import { CreateOutboxAndInbox1732406400000 } from '@smss/db';
import { CreateDirectorySchoolReplica1732406400001 } from '@smss/events';
import { CreateCorrespondence1796122875793 } from './1796122875793-create-correspondence';
import { SeedRetentionRules1796122875794 } from './1796122875794-seed-retention-rules';

/** In order. The shared outbox/inbox and directory-replica migrations come first. */
export const migrations = [
  CreateOutboxAndInbox1732406400000,
  CreateDirectorySchoolReplica1732406400001,
  CreateCorrespondence1796122875793,
  SeedRetentionRules1796122875794,
];
