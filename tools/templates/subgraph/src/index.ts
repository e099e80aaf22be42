import { createLogger } from '@smss/core';
import { bootService, configOrExit, onShutdown, reduceMemoryWhenIdle } from '@smss/service-kit';
import { load__Name__Config } from './environment';
import { create__Name__Service } from './server';

export { create__Name__Service, typeDefs, SCHEMA_PATH } from './server';
export { load__Name__Config } from './environment';

async function main(): Promise<void> {
  const config = configOrExit(load__Name__Config);
  const logger = createLogger('__name__', config.logLevel);
  try {
    const service = await bootService(create__Name__Service(), config, logger);
    onShutdown(logger, service.close);
    reduceMemoryWhenIdle(logger);
  } catch (error) {
    logger.fatal({ err: error }, '__name__ failed to start');
    process.exit(1);
  }
}

if (require.main === module) void main();
