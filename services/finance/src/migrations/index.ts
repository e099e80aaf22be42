import { CreateOutboxAndInbox1732406400000 } from '@smss/db';
import { CreateDirectorySchoolReplica1732406400001 } from '@smss/events';
import { CreateFinance1732406400400 } from './1732406400400-create-finance';
import { SeedFinanceReferenceData1732406400401 } from './1732406400401-seed-reference-data';
import { MovePiiAccessLogToPersonalDataAccess1764547200400 } from './1764547200400-move-pii-access-log-to-personal-data-access';
import { AllocationLinesByRateReference1765000000400 } from './1765000000400-allocation-lines-by-rate-reference';
import { KeepSnapshotGradesAsJson1765000000401 } from './1765000000401-keep-snapshot-grades-as-json';

/** In order. The shared outbox/inbox and directory-replica migrations come first. */
export const migrations = [
  CreateOutboxAndInbox1732406400000,
  CreateDirectorySchoolReplica1732406400001,
  CreateFinance1732406400400,
  SeedFinanceReferenceData1732406400401,
  // After the trust layer's personal_data_access table (bootService adds that migration; TypeORM runs by timestamp).
  MovePiiAccessLogToPersonalDataAccess1764547200400,
  AllocationLinesByRateReference1765000000400,
  KeepSnapshotGradesAsJson1765000000401,
];
