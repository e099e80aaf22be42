import { CreateOutboxAndInbox1732406400000 } from '@smss/db';
import { CreateDirectorySchoolReplica1732406400001 } from '@smss/events';
import { CreateAgreementsAndChanges1796200000100 } from './1796200000100-create-agreements-and-changes';
import { CreateExportJobs1796200000300 } from './1796200000300-create-export-jobs';

/** In order. The shared outbox/inbox and directory-replica migrations come first. */
export const migrations = [
  CreateOutboxAndInbox1732406400000,
  CreateDirectorySchoolReplica1732406400001,
  CreateAgreementsAndChanges1796200000100,
  CreateExportJobs1796200000300,
];
