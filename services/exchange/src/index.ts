import { createLogger } from '@smss/core';
import { bootService, configOrExit, onShutdown, reduceMemoryWhenIdle } from '@smss/service-kit';
import { loadExchangeConfig } from './environment';
import { createExchangeService } from './server';

export { createExchangeService, typeDefs, SCHEMA_PATH } from './server';
export { loadExchangeConfig } from './environment';

async function main(): Promise<void> {
  const config = configOrExit(loadExchangeConfig);
  const logger = createLogger('exchange', config.logLevel);
  try {
    const service = await bootService(
      createExchangeService({ pseudonymKey: config.pseudonymKey, exports: { ...config.exports, logger } }),
      config,
      logger,
    );
    onShutdown(logger, service.close);
    reduceMemoryWhenIdle(logger);
  } catch (error) {
    logger.fatal({ err: error }, 'exchange failed to start');
    process.exit(1);
  }
}

if (require.main === module) void main();
