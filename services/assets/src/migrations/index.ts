import { CreateOutboxAndInbox1732406400000 } from '@smss/db';
import { CreateDirectorySchoolReplica1732406400001 } from '@smss/events';
import { CreateAssets1796122866516 } from './1796122866516-create-assets';
import { SeedAssetsReferenceData1796122866517 } from './1796122866517-seed-reference-data';

/** In order. The shared outbox/inbox and directory-replica migrations come first. */
export const migrations = [
  CreateOutboxAndInbox1732406400000,
  CreateDirectorySchoolReplica1732406400001,
  CreateAssets1796122866516,
  SeedAssetsReferenceData1796122866517,
];
