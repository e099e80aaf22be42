import cluster from 'node:cluster';
import { createLogger } from '@smss/core';
import { configOrExit, onShutdown, reduceMemoryWhenIdle } from '@smss/service-kit';
import { loadGatewayConfig } from './environment';
import { startGateway } from './server';

export { startGateway } from './server';
export { loadGatewayConfig, type GatewayConfig } from './environment';
export { composeSupergraph } from './compose';
export { buildDataDictionary, serialiseDataDictionary, missingDescriptions } from './data-dictionary';
export { loadApiSchema } from './api-schema';
export { readSubgraphList, SUPERGRAPH_FILE, SUBGRAPHS_FILE } from './subgraphs';
export { FIRST_PARTY_OPERATIONS } from './partner-agreements';
export { measureOperation, DEFAULT_LIMITS } from '@smss/service-kit';

async function main(): Promise<void> {
  const config = configOrExit(loadGatewayConfig);
  const logger = createLogger('gateway', config.logLevel);
  if (config.workers > 1 && cluster.isPrimary) {
    // One JS thread per process: fork workers that share the port.
    for (let i = 0; i < config.workers; i += 1) cluster.fork();
    cluster.on('exit', (worker, code) =>
      logger.warn({ pid: worker.process.pid, code }, 'gateway worker exited'),
    );
    onShutdown(logger, async () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    });
    return;
  }
  try {
    const gateway = await startGateway(config, logger);
    onShutdown(logger, gateway.close);
    reduceMemoryWhenIdle(logger);
  } catch (error) {
    logger.fatal({ err: error }, 'gateway failed to start');
    process.exit(1);
  }
}

if (require.main === module) void main();
