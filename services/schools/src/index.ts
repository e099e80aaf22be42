import { createLogger } from '@smss/core';
import { bootService, configOrExit, onShutdown, reduceMemoryWhenIdle } from '@smss/service-kit';
import { loadSchoolsConfig } from './environment';
import { schoolsService } from './server';
import { seedDirectory } from './demo/seed';

export { createSchoolsService, schoolsService, typeDefs, SCHEMA_PATH } from './server';
export { loadSchoolsConfig } from './environment';
export { seedDirectory } from './demo/seed';
export { generateDirectory } from './demo/directory-generator';

async function main(): Promise<void> {
  const config = configOrExit(loadSchoolsConfig);
  const logger = createLogger('schools', config.logLevel);
  try {
    const service = await bootService(schoolsService, config, logger);
    onShutdown(logger, service.close);
    reduceMemoryWhenIdle(logger);
    if (config.demoData !== 'none') {
      // One transaction: an interrupted load leaves nothing, and the next start loads it all.
      const result = await seedDirectory(service.dataSource, config.demoData);
      // Shown at any LOG_LEVEL: the launcher prints it as the demo's first progress line.
      if (result.loaded)
        logger
          .child({}, { level: 'info' })
          .info(`demo directory: ${result.schools} schools in ${result.areaOffices} area offices loaded`);
      else logger.info(result, 'directory not empty: demo data skipped');
    }
  } catch (error) {
    logger.fatal({ err: error }, 'schools failed to start');
    process.exit(1);
  }
}

if (require.main === module) void main();
