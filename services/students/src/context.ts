import type { DataSource } from 'typeorm';
import type { RequestContext } from '@smss/service-kit';
import { createStudentsDomain } from './modules/domain';
import { createStudentLoaders, type StudentLoaders } from './modules/registry/student.loaders';
import { studentRowScope } from './modules/registry/row-scope';
import type { StudentRepository } from './modules/registry/student.repository';
import type { StudentService } from './modules/registry/student.service';
import type { DmcService } from './modules/dmc/dmc.service';
import type { ImportService } from './modules/imports/import.service';
import type { AttendanceService } from './modules/attendance/attendance.service';
import { createAttendanceLoaders, type AttendanceLoaders } from './modules/attendance/attendance.loaders';
import type { HealthService } from './modules/health/health.service';
import { createHealthLoaders, type HealthLoaders } from './modules/health/health.loaders';
import type { AchievementService } from './modules/achievement/achievement.service';
import { createAchievementLoaders, type AchievementLoaders } from './modules/achievement/achievement.loaders';
import type { EefService } from './modules/eef/eef.service';
import { createEefLoaders, type EefLoaders } from './modules/eef/eef.loaders';
import type { OutOfSchoolService } from './modules/out-of-school/out-of-school.service';
import {
  createOutOfSchoolLoaders,
  type OutOfSchoolLoaders,
} from './modules/out-of-school/out-of-school.loaders';

/** A request's loaders: the registry's at the top level, each other module's under its name. */
export type StudentsLoaders = StudentLoaders & {
  attendance: AttendanceLoaders;
  health: HealthLoaders;
  achievement: AchievementLoaders;
  eef: EefLoaders;
  outOfSchool: OutOfSchoolLoaders;
};

/** Per request: the domain services and loaders; `trust` (row scope, masking, audit) comes from the base. */
export interface StudentsContext extends RequestContext {
  dataSource: DataSource;
  repo: StudentRepository;
  loaders: StudentsLoaders;
  students: StudentService;
  dmc: DmcService;
  imports: ImportService;
  attendance: AttendanceService;
  health: HealthService;
  achievement: AchievementService;
  eef: EefService;
  outOfSchool: OutOfSchoolService;
  /** Master key of partner pseudonyms (`PSEUDONYM_KEY`; the development default outside production). */
  pseudonymKey: string;
}

/**
 * The composition root, per request: the domain (`createStudentsDomain`), then the loaders (their
 * caches live for this request only; the registry's are scoped to the viewer's rows).
 */
export function buildStudentsContext(
  base: RequestContext,
  dataSource: DataSource,
  pseudonymKey: string,
): StudentsContext {
  const { repo, dmc, dmcRepo, students, imports, attendance, health, achievement, eef, outOfSchool } =
    createStudentsDomain(dataSource);
  return {
    ...base,
    dataSource,
    repo,
    students,
    dmc,
    imports,
    attendance,
    health,
    achievement,
    eef,
    outOfSchool,
    pseudonymKey,
    loaders: {
      ...createStudentLoaders(repo, dmcRepo, studentRowScope(base.viewer)),
      attendance: createAttendanceLoaders(attendance),
      health: createHealthLoaders(health),
      achievement: createAchievementLoaders(achievement),
      eef: createEefLoaders(eef),
      outOfSchool: createOutOfSchoolLoaders(outOfSchool),
    },
  };
}
