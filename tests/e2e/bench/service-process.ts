/**
 * One subgraph in its own process, for benchmarks that need services side by side as in production
 * (one JS thread each): `node --import tsx tests/e2e/bench/service-process.ts <name> <databaseUrl> <natsUrl>`.
 * Boots `create<Name>Service({ durablePrefix: 'bench-<name>' })` with the test security settings on a
 * free port (trusting the gateway key in BENCH_GATEWAY_PUBLIC_KEY: the parent signs the assertions), prints `READY <url>`, then `STATS <json>` (its consumers' counters) every 250 ms, and
 * shuts down cleanly on SIGTERM.
 */
import { bootService, serviceFactoryName, type ServiceFactory } from '@smss/service-kit';
import { testLogger, TEST_SUBGRAPH_SECURITY } from '@smss/testing';

async function main(): Promise<void> {
  const [name, databaseUrl, natsUrl] = process.argv.slice(2);
  if (!name || !databaseUrl || !natsUrl)
    throw new Error('usage: service-process.ts <name> <databaseUrl> <natsUrl>');
  const pkg = (await import(`@smss/${name}`)) as Record<string, unknown>;
  const factory = pkg[serviceFactoryName(name)] as ServiceFactory;
  const logger = testLogger();
  const service = await bootService(
    factory({
      durablePrefix: `bench-${name}`,
      deliverPolicy: 'all',
      // finance: pullers on its DMC durable (default 4)
      ...(process.env.BENCH_DMC_PULLERS
        ? { dmcConsumerConcurrency: Number(process.env.BENCH_DMC_PULLERS) }
        : {}),
    } as Parameters<ServiceFactory>[0]),
    {
      port: 0,
      databaseUrl,
      natsUrl,
      logLevel: process.env.LOG_LEVEL ?? 'silent',
      ...TEST_SUBGRAPH_SECURITY,
      gatewayPublicKeys: process.env.BENCH_GATEWAY_PUBLIC_KEY ?? TEST_SUBGRAPH_SECURITY.gatewayPublicKeys,
      createDatabase: true,
      poolSize: 12,
    },
    logger,
  );
  process.stdout.write(`READY ${service.url}\n`);
  const report = () =>
    process.stdout.write(
      `STATS ${JSON.stringify(service.consumers.map((c) => ({ durable: c.durable, ...c.stats })))}\n`,
    );
  const timer = setInterval(report, 250);
  process.on('SIGTERM', () => {
    clearInterval(timer);
    report();
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`service process failed: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
