import { CreateOutboxAndInbox1732406400000 } from '@smss/db';
import { CreateDirectorySchoolReplica1732406400001 } from '@smss/events';
import { CreateFinance1732406400400 } from './1732406400400-create-finance';
import { SeedFinanceReferenceData1732406400401 } from './1732406400401-seed-reference-data';

/** In order. The shared outbox/inbox and directory-replica migrations come first. */
export const migrations = [
  CreateOutboxAndInbox1732406400000,
  CreateDirectorySchoolReplica1732406400001,
  CreateFinance1732406400400,
  SeedFinanceReferenceData1732406400401,
];
