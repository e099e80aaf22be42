/**
 * One subgraph WITHOUT its trust layer, for `npm run bench:read` only: the baseline the trust layer's
 * cost is measured against. `BENCH_SUBGRAPH=<name> node --import tsx tools/src/bench-subgraph.ts` with the
 * same environment as the service's own process (PORT, DATABASE_URL of the database the real service
 * already migrated and filled, NATS_URL, token and gateway-key settings). Reads that environment with
 * the service's own `load<Name>Config`, then boots `create<Name>Service()` with relay and consumers off
 * (the real service publishes and consumes) and `trustLayer: 'off-for-benchmark'`, which
 * `startSubgraph` refuses with NODE_ENV=production. Run compiled, the same code is bundled with the
 * subgraph (`compiledEntrySource`) into `services/<name>/.bench-dist/`, never into `dist/`.
 */
import path from 'node:path';
import { createLogger } from '@smss/core';
import { bootService, onShutdown, serviceFactoryName, type ServiceFactory } from '@smss/service-kit';

/** Boot subgraph `name` from its package's exports (the sources, or the same bundle) without the trust layer. */
export async function runWithoutTrustLayer(name: string, pkg: Record<string, unknown>): Promise<void> {
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

export const exitOnFailure = (error: unknown): void => {
  process.stderr.write(`bench subgraph failed: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
};

/**
 * The compiled benchmark (`bench:read`'s default) bundles this file with one subgraph: the source of
 * that bundle's entry point, which imports the subgraph's package statically.
 */
export const compiledEntrySource = (name: string): string =>
  [
    `import * as pkg from '@smss/${name}';`,
    `import { exitOnFailure, runWithoutTrustLayer } from ${JSON.stringify(path.join(__dirname, 'bench-subgraph'))};`,
    `runWithoutTrustLayer(${JSON.stringify(name)}, pkg).catch(exitOnFailure);`,
  ].join('\n');

if (require.main === module) {
  const name = process.env.BENCH_SUBGRAPH ?? process.argv[2];
  if (!name || !/^[a-z][a-z0-9-]*$/.test(name))
    exitOnFailure(new Error('usage: BENCH_SUBGRAPH=<subgraph> bench-subgraph.ts'));
  else
    import(`@smss/${name}`)
      .then((pkg: Record<string, unknown>) => runWithoutTrustLayer(name, pkg))
      .catch(exitOnFailure);
}
