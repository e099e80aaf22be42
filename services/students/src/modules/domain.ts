import type { DataSource } from 'typeorm';
import { StudentRepository } from './registry/student.repository';
import { StudentService } from './registry/student.service';
import { DmcService } from './dmc/dmc.service';
import { DmcRepository } from './dmc/dmc.repository';
import { ImportService } from './imports/import.service';

/** The students domain wired on one DataSource: the one place that assembles its services. */
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
  };
}

export type StudentsDomain = ReturnType<typeof createStudentsDomain>;
