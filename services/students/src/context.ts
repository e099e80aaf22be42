import type { DataSource } from 'typeorm';
import type { RequestContext } from '@smss/service-kit';
import type { StudentLoaders } from './modules/registry/student.loaders';
import type { StudentRepository } from './modules/registry/student.repository';
import type { StudentService } from './modules/registry/student.service';
import type { DmcService } from './modules/dmc/dmc.service';
import type { ImportService } from './modules/imports/import.service';

/** Per request: the domain services and loaders; `trust` (row scope, masking, audit) comes from the base. */
export interface StudentsContext extends RequestContext {
  dataSource: DataSource;
  repo: StudentRepository;
  loaders: StudentLoaders;
  students: StudentService;
  dmc: DmcService;
  imports: ImportService;
  /** Master key of partner pseudonyms (`PSEUDONYM_KEY`; the development default outside production). */
  pseudonymKey: string;
}
