import type { DocumentNode } from 'graphql';
import type { DataSource, EntitySchema, MigrationInterface } from 'typeorm';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { ApolloServerPlugin } from '@apollo/server';
import { createLogger, type Logger } from '@smss/core';
import type { TokenSettings } from '@smss/auth';
import { createDataSource, ensureDatabase } from '@smss/db';
import {
  connectNats,
  DurableConsumer,
  ensureStreams,
  OutboxRelay,
  STREAMS,
  type DurableConsumerOptions,
  type NatsConnection,
} from '@smss/events';
import { startSubgraph, type RequestContext, type RunningSubgraph } from './subgraph';

/** What a service declares about itself; `bootService` does the rest the same way for every service. */
export interface ServiceDefinition<C extends RequestContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<C>;
  entities?: EntitySchema[];
  migrations: Array<new () => MigrationInterface>;
  /** Durable consumers this service runs (directory replica, snapshot handlers, …). */
  consumers?: DurableConsumerOptions[];
  plugins?: ApolloServerPlugin<C>[];
  /** Extra HTTP routes under /upload (see SubgraphOptions.routes). */
  routes?: (
    app: import('express').Express,
    viewerOf: (req: import('express').Request) => Promise<import('@smss/auth').MaybeViewer>,
    deps: { dataSource: DataSource; nc: NatsConnection },
  ) => void;
  buildContext: (base: RequestContext, deps: { dataSource: DataSource; nc: NatsConnection }) => C;
}

/** Runtime settings, parsed by the service's `environment.ts`. */
export interface ServiceRuntimeConfig {
  port: number;
  databaseUrl: string;
  natsUrl: string;
  logLevel: string;
  tokens: TokenSettings;
  gatewaySecret: string;
  /** Create the database when missing (dev, tests). */
  createDatabase: boolean;
  poolSize?: number;
  /** Publish the outbox from this process (default true). */
  runRelay?: boolean;
  /** Run the service's durable consumers (default true; tests that feed state directly turn them off). */
  runConsumers?: boolean;
  /** A TypeORM logger, e.g. a QueryCounter for benchmarks that count SQL statements. */
  queryLogger?: import('typeorm').Logger;
}

export interface RunningService extends RunningSubgraph {
  dataSource: DataSource;
  nc: NatsConnection;
  relay?: OutboxRelay;
  consumers: DurableConsumer[];
  logger: Logger;
}

/**
 * Boot order, the same for every service: logger, database (create, migrate), NATS (streams),
 * outbox relay, durable consumers, the subgraph with /healthz, /readyz and /metrics.
 * `close()` stops in reverse: HTTP, consumers, relay, NATS drain, database.
 */
export async function bootService<C extends RequestContext>(
  def: ServiceDefinition<C>,
  config: ServiceRuntimeConfig,
  logger: Logger = createLogger(def.name, config.logLevel),
): Promise<RunningService> {
  if (config.createDatabase) await ensureDatabase(config.databaseUrl);
  // Whatever started is stopped again, in reverse, if a later step fails or on close().
  const started: Array<() => Promise<unknown>> = [];
  const unwind = async () => {
    while (started.length) await started.pop()!().catch(() => undefined);
  };
  try {
    const dataSource = createDataSource({
      url: config.databaseUrl,
      entities: def.entities ?? [],
      migrations: def.migrations,
      poolSize: config.poolSize,
      applicationName: def.name,
      logger: config.queryLogger,
    });
    await dataSource.initialize();
    started.push(() => dataSource.destroy());
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');

    const nc = await connectNats(config.natsUrl, def.name);
    started.push(() => nc.drain());
    await ensureStreams(nc, STREAMS);
    const relay = config.runRelay === false ? undefined : new OutboxRelay(dataSource, nc, logger);
    if (relay) {
      await relay.start();
      started.push(() => relay.stop());
    }
    const consumers = (config.runConsumers === false ? [] : (def.consumers ?? [])).map(
      (options) => new DurableConsumer(dataSource, nc, logger, options),
    );
    for (const consumer of consumers) {
      await consumer.start();
      started.push(() => consumer.stop());
    }

    const subgraph = await startSubgraph<C>(
      {
        service: def.name,
        typeDefs: def.typeDefs,
        resolvers: def.resolvers,
        logger,
        tokens: config.tokens,
        gatewaySecret: config.gatewaySecret,
        readiness: [
          { name: 'postgres', check: async () => void (await dataSource.query('SELECT 1')) },
          {
            name: 'nats',
            check: async () => {
              if (nc.isClosed()) throw new Error('NATS connection closed');
              await nc.flush();
            },
          },
        ],
        buildContext: (base) => def.buildContext(base, { dataSource, nc }),
        plugins: def.plugins,
        routes: def.routes ? (app, viewerOf) => def.routes!(app, viewerOf, { dataSource, nc }) : undefined,
      },
      config.port,
    );
    started.push(() => subgraph.close());
    logger.info({ url: subgraph.url }, `${def.name} subgraph ready`);

    let closing: Promise<void> | undefined;
    const close = () => (closing ??= unwind());
    return { ...subgraph, close, dataSource, nc, relay, consumers, logger };
  } catch (error) {
    await unwind();
    throw error;
  }
}
