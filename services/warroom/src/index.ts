import { createLogger } from '@smss/core';
import { bootService, configOrExit, onShutdown, reduceMemoryWhenIdle } from '@smss/service-kit';
import { loadWarroomConfig } from './environment';
import { createWarroomService } from './server';

export { createWarroomService, typeDefs, SCHEMA_PATH } from './server';
export { loadWarroomConfig } from './environment';

async function main(): Promise<void> {
  const config = configOrExit(loadWarroomConfig);
  const logger = createLogger('warroom', config.logLevel);
  try {
    const service = await bootService(createWarroomService(), config, logger);
    onShutdown(logger, service.close);
    reduceMemoryWhenIdle(logger);
  } catch (error) {
    logger.fatal({ err: error }, 'warroom failed to start');
    process.exit(1);
  }
}

if (require.main === module) void main();
