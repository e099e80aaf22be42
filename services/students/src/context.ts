import type { DataSource } from 'typeorm';
import type { RequestContext } from '@smss/service-kit';
import type { StudentLoaders } from './modules/registry/student.loaders';
import type { StudentRepository } from './modules/registry/student.repository';
import type { StudentService } from './modules/registry/student.service';
import type { DmcService } from './modules/dmc/dmc.service';
import type { ImportService } from './modules/imports/import.service';
import type { PiiAuditLog } from './modules/registry/pii-audit';

export interface StudentsContext extends RequestContext {
  dataSource: DataSource;
  repo: StudentRepository;
  loaders: StudentLoaders;
  students: StudentService;
  dmc: DmcService;
  imports: ImportService;
  audit: PiiAuditLog;
  /** Whether personal data is shown unmasked (pii:read), recorded in the audit log. */
  unmasked: boolean;
}
