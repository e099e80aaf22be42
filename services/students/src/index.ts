import { createLogger } from '@smss/core';
import { bootService, onShutdown } from '@smss/service-kit';
import { loadStudentsConfig } from './environment';
import { studentsService } from './server';
import { seedDemoStudents } from './demo/seed';
import { StudentRepository } from './modules/registry/student.repository';
import { DmcService } from './modules/dmc/dmc.service';
import { StudentService } from './modules/registry/student.service';
import { ImportService } from './modules/imports/import.service';
import { createStudentsDomain } from './modules/domain';

export { studentsService, createStudentsService, typeDefs, SCHEMA_PATH } from './server';
export { loadStudentsConfig } from './environment';
export { seedDemoStudents, demoStudentsFor } from './demo/seed';
export { StudentRepository, DmcService, StudentService, ImportService, createStudentsDomain };

async function main(): Promise<void> {
  const config = loadStudentsConfig();
  const logger = createLogger('students', config.logLevel);
  try {
    const service = await bootService(studentsService, config, logger);
    onShutdown(logger, service.close);
    if (config.demoData !== 'none') {
      const { imports, dmc } = createStudentsDomain(service.dataSource);
      seedDemoStudents(service.dataSource, imports, dmc, logger).catch((error) =>
        logger.error({ err: error }, 'demo students failed'),
      );
    }
  } catch (error) {
    logger.fatal({ err: error }, 'students failed to start');
    process.exit(1);
  }
}

if (require.main === module) void main();
