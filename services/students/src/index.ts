import { createLogger } from '@smss/core';
import { consumerCaughtUp, SCHOOLS_STREAM } from '@smss/events';
import { bootService, configOrExit, onShutdown, reduceMemoryWhenIdle } from '@smss/service-kit';
import { loadStudentsConfig } from './environment';
import { createStudentsService } from './server';
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
  const config = configOrExit(loadStudentsConfig);
  const logger = createLogger('students', config.logLevel);
  try {
    const service = await bootService(
      createStudentsService({ pseudonymKey: config.pseudonymKey }),
      config,
      logger,
    );
    onShutdown(logger, service.close);
    reduceMemoryWhenIdle(logger);
    if (config.demoData !== 'none') {
      const { imports, dmc } = createStudentsDomain(service.dataSource);
      // Progress lines of the demo load show at any LOG_LEVEL: the launcher prints them.
      const demoLog = logger.child({}, { level: 'info' });
      const replica = service.consumers.find((c) => c.durable.endsWith('-directory-replica'));
      seedDemoStudents(service.dataSource, imports, dmc, logger, {
        scope: config.demoData,
        progress: (line) => demoLog.info(line),
        replicaCaughtUp: () =>
          replica ? consumerCaughtUp(service.nc, SCHOOLS_STREAM, replica.durable) : Promise.resolve(true),
      }).catch((error) =>
        logger.error({ err: error }, 'demo students interrupted (the next start resumes them)'),
      );
    }
  } catch (error) {
    logger.fatal({ err: error }, 'students failed to start');
    process.exit(1);
  }
}

if (require.main === module) void main();
