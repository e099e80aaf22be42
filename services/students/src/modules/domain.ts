import type { DataSource } from 'typeorm';
import { StudentRepository } from './registry/student.repository';
import { StudentService } from './registry/student.service';
import { DmcService } from './dmc/dmc.service';
import { DmcRepository } from './dmc/dmc.repository';
import { ImportService } from './imports/import.service';
import { AttendanceService } from './attendance/attendance.service';
import { HealthService } from './health/health.service';
import { AchievementService } from './achievement/achievement.service';
import { EefService } from './eef/eef.service';
import { OutOfSchoolService } from './out-of-school/out-of-school.service';

/**
 * The students domain wired on one DataSource: the one place that assembles its services. Needs no
 * request (the demo loader, the bulk CLI and the upload route use it as it is); `context.ts` adds a
 * request's loaders.
 */
export function createStudentsDomain(db: DataSource) {
  const repo = new StudentRepository(db);
  const dmc = new DmcService(db);
  const students = new StudentService(db, repo, dmc);
  return {
    repo,
    dmc,
    dmcRepo: new DmcRepository(db),
    students,
    imports: new ImportService(db, students, dmc, repo),
    attendance: new AttendanceService(db),
    health: new HealthService(db, students),
    achievement: new AchievementService(db, students),
    eef: new EefService(db),
    outOfSchool: new OutOfSchoolService(db),
  };
}

export type StudentsDomain = ReturnType<typeof createStudentsDomain>;
