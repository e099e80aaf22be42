import { createLogger } from '@smss/core';
import { bootService, onShutdown } from '@smss/service-kit';
import { loadSchoolsConfig } from './environment';
import { schoolsService } from './server';
import { seedDirectory } from './demo/seed';

export { schoolsService, typeDefs, SCHEMA_PATH } from './server';
export { loadSchoolsConfig } from './environment';
export { seedDirectory } from './demo/seed';
export { generateDirectory } from './demo/directory-generator';

async function main(): Promise<void> {
  const config = loadSchoolsConfig();
  const logger = createLogger('schools', config.logLevel);
  try {
    const service = await bootService(schoolsService, config, logger);
    onShutdown(logger, service.close);
    if (config.demoData !== 'none') {
      const result = await seedDirectory(service.dataSource, config.demoData);
      logger.info(result, result.loaded ? 'demo directory loaded' : 'directory not empty: demo data skipped');
    }
  } catch (error) {
    logger.fatal({ err: error }, 'schools failed to start');
    process.exit(1);
  }
}

if (require.main === module) void main();
