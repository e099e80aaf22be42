import { createLogger } from '@smss/core';
import { consumerCaughtUp, SCHOOLS_STREAM } from '@smss/events';
import { bootService, configOrExit, onShutdown, reduceMemoryWhenIdle } from '@smss/service-kit';
import { loadIndicatorsConfig } from './environment';
import { createIndicatorsService } from './server';
import { seedDemoIndicators } from './demo/seed';

export { createIndicatorsService, typeDefs, SCHEMA_PATH } from './server';
export type { IndicatorsServiceOptions } from './server';
export { loadIndicatorsConfig } from './environment';
export { createIndicatorsDomain } from './context';
export { seedDemoIndicators } from './demo/seed';

async function main(): Promise<void> {
  const config = configOrExit(loadIndicatorsConfig);
  const logger = createLogger('indicators', config.logLevel);
  try {
    const service = await bootService(
      createIndicatorsService({ exportTtlSeconds: config.exportTtlSeconds }),
      config,
      logger,
    );
    onShutdown(logger, service.close);
    reduceMemoryWhenIdle(logger);
    if (config.demoData !== 'none') {
      // Progress lines of the demo load show at any LOG_LEVEL: the launcher prints them.
      const demoLog = logger.child({}, { level: 'info' });
      const replica = service.consumers.find((c) => c.durable.endsWith('-directory-replica'));
      seedDemoIndicators(service.dataSource, config.demoData, {
        progress: (line) => demoLog.info(line),
        replicaCaughtUp: () =>
          replica ? consumerCaughtUp(service.nc, SCHOOLS_STREAM, replica.durable) : Promise.resolve(true),
      }).catch((error) =>
        logger.error({ err: error }, 'demo indicators interrupted (the next start resumes them)'),
      );
    }
  } catch (error) {
    logger.fatal({ err: error }, 'indicators failed to start');
    process.exit(1);
  }
}

if (require.main === module) void main();
