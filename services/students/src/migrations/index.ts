import { CreateOutboxAndInbox1732406400000 } from '@smss/db';
import { CreateDirectorySchoolReplica1732406400001 } from '@smss/events';
import { CreateStudents1732406400200 } from './1732406400200-create-students';
import { ConflictOwners1764720000200 } from './1764720000200-conflict-owners';
import { CreateDemoSeedStep1764900000300 } from './1764900000300-create-demo-seed-step';
import { ImportKeys1765000000400 } from './1765000000400-import-keys';
import { CreateAttendance1766100000500 } from './1766100000500-create-attendance';
import { HealthAchievement1766100000600 } from './1766100000600-health-achievement';
import { RightsAndOutOfSchool1766100000700 } from './1766100000700-rights-and-out-of-school';
import { StudentDeletion1766200000800 } from './1766200000800-student-deletion';

export const migrations = [
  CreateOutboxAndInbox1732406400000,
  CreateDirectorySchoolReplica1732406400001,
  CreateStudents1732406400200,
  ConflictOwners1764720000200,
  CreateDemoSeedStep1764900000300,
  ImportKeys1765000000400,
  CreateAttendance1766100000500,
  HealthAchievement1766100000600,
  RightsAndOutOfSchool1766100000700,
  StudentDeletion1766200000800,
];
