import { createLogger } from '@smss/core';
import { bootService, configOrExit, onShutdown, reduceMemoryWhenIdle } from '@smss/service-kit';
import { loadFinanceConfig } from './environment';
import { createFinanceService } from './server';

export { createFinanceService, financeService, financeConsumers, typeDefs, SCHEMA_PATH } from './server';
export type { FinanceServiceOptions } from './server';
export { loadFinanceConfig } from './environment';

async function main(): Promise<void> {
  const config = configOrExit(loadFinanceConfig);
  const logger = createLogger('finance', config.logLevel);
  try {
    const service = await bootService(
      createFinanceService({
        durablePrefix: config.durablePrefix,
        dmcConsumerConcurrency: config.dmcConsumerConcurrency,
      }),
      config,
      logger,
    );
    onShutdown(logger, service.close);
    reduceMemoryWhenIdle(logger);
    if (config.demoData !== 'none') {
      logger.info(
        'finance has no demo data of its own: allocations appear as the students service publishes DMC snapshots',
      );
    }
  } catch (error) {
    logger.fatal({ err: error }, 'finance failed to start');
    process.exit(1);
  }
}

if (require.main === module) void main();
