/**
 * One subgraph WITHOUT its trust layer, for `npm run bench:read` only: the baseline the trust layer's
 * cost is measured against. `BENCH_SUBGRAPH=<name> node --import tsx tools/src/bench-subgraph.ts` with the
 * same environment as the service's own process (PORT, DATABASE_URL of the database the real service
 * already migrated and filled, NATS_URL, token and gateway-key settings). Reads that environment with
 * the service's own `load<Name>Config`, then boots `create<Name>Service()` with relay and consumers off
 * (the real service publishes and consumes) and `trustLayer: 'off-for-benchmark'`, which
 * `startSubgraph` refuses with NODE_ENV=production.
 */
import { createLogger } from '@smss/core';
import { bootService, onShutdown, serviceFactoryName, type ServiceFactory } from '@smss/service-kit';

async function main(): Promise<void> {
  const name = process.env.BENCH_SUBGRAPH ?? process.argv[2];
  if (!name || !/^[a-z][a-z0-9-]*$/.test(name))
    throw new Error('usage: BENCH_SUBGRAPH=<subgraph> bench-subgraph.ts');
  const pkg = (await import(`@smss/${name}`)) as Record<string, unknown>;
  const factory = pkg[serviceFactoryName(name)] as ServiceFactory | undefined;
  const loadConfig = pkg[serviceFactoryName(name).replace(/^create(.*)Service$/, 'load$1Config')] as
    ((env: NodeJS.ProcessEnv) => Parameters<typeof bootService>[1]) | undefined;
  if (!factory || !loadConfig)
    throw new Error(`@smss/${name} has no ${serviceFactoryName(name)} / config loader`);
  const config = loadConfig(process.env);
  const logger = createLogger(`${name}-trust-off`, config.logLevel);
  const service = await bootService(
    factory({ durablePrefix: `bench-trust-off-${name}`, deliverPolicy: 'new' }),
    {
      ...config,
      createDatabase: false,
      runRelay: false,
      runConsumers: false,
      trustLayer: 'off-for-benchmark',
    },
    logger,
  );
  onShutdown(logger, service.close);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench subgraph failed: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
