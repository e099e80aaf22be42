import type { DocumentNode } from 'graphql';
import type { DataSource, EntitySchema, MigrationInterface } from 'typeorm';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { ApolloServerPlugin } from '@apollo/server';
import { createLogger, type Logger } from '@smss/core';
import type { TokenSettings } from '@smss/auth';
import { createDataSource, ensureDatabase, EVENT_PIPELINE_MIGRATIONS } from '@smss/db';
import {
  connectNats,
  DurableConsumer,
  ensureStreams,
  OutboxRelay,
  STREAMS,
  type DurableConsumerOptions,
  type NatsConnection,
  type NatsCredentials,
} from '@smss/events';
import { TRUST_MIGRATIONS, type TrustRules } from '@smss/trust';
import { startSubgraph, type RequestContext, type RunningSubgraph, type TrustLayerMode } from './subgraph';
import type { OpsSettings } from './ops-access';
import { registerEventMetrics } from './metrics';

/** What a service declares about itself; `bootService` does the rest the same way for every service. */
export interface ServiceDefinition<C extends RequestContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<C>;
  entities?: EntitySchema[];
  migrations: Array<new () => MigrationInterface>;
  /**
   * The trust layer's rules: an owner rule per record type (`@owner(by: SCHOOL…)` in the SDL) and
   * optional masks. Row scope, masking and the personal-data audit are applied by the layer.
   */
  trust: TrustRules<C>;
  /** Durable consumers this service runs (directory replica, snapshot handlers, …). */
  consumers?: DurableConsumerOptions[];
  plugins?: ApolloServerPlugin<C>[];
  /** Extra HTTP routes under /upload and /download (see SubgraphOptions.routes). */
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
  /** This service's NATS user (NATS_USER/NATS_PASSWORD or NATS_CREDS_FILE; NATS_TLS_CA_FILE for TLS). */
  nats?: NatsCredentials;
  logLevel: string;
  tokens: TokenSettings;
  /** The gateway's public key(s), PEM: requests without a valid gateway assertion get 403. */
  gatewayPublicKeys: string;
  /** Interface to listen on (default 127.0.0.1; containers set 0.0.0.0). */
  host?: string;
  /** Schema introspection and "Did you mean …" suggestions (default off; on in development). */
  introspection?: boolean;
  /** Who may read /readyz details and /metrics (see OpsSettings). */
  ops?: OpsSettings;
  /** Create the database when missing (dev, tests). */
  createDatabase: boolean;
  poolSize?: number;
  /** Publish the outbox from this process (default true). */
  runRelay?: boolean;
  /** Run the service's durable consumers (default true; tests that feed state directly turn them off). */
  runConsumers?: boolean;
  /** A TypeORM logger, e.g. a QueryCounter for benchmarks that count SQL statements. */
  queryLogger?: import('typeorm').Logger;
  /** Depth, alias and cost limits, the same as the gateway's (default DEFAULT_LIMITS). */
  limits?: import('./limits').OperationLimits;
  /**
   * Benchmarks only (`npm run bench:read` measures what the trust layer costs): `'off-for-benchmark'`
   * serves the schema WITHOUT the trust layer — no row scope, no masking, no personal-data audit. Set
   * in code only (no environment variable reaches it); refused when NODE_ENV=production.
   */
  trustLayer?: TrustLayerMode;
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
      migrations: [...TRUST_MIGRATIONS, ...def.migrations, ...EVENT_PIPELINE_MIGRATIONS],
      poolSize: config.poolSize,
      applicationName: def.name,
      logger: config.queryLogger,
    });
    await dataSource.initialize();
    started.push(() => dataSource.destroy());
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');

    const nc = await connectNats(config.natsUrl, def.name, config.nats);
    started.push(() => nc.drain());
    // Its own streams are created and updated here; another's only created when missing and allowed.
    await ensureStreams(nc, STREAMS, { service: def.name, logger });
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
        gatewayPublicKeys: config.gatewayPublicKeys,
        host: config.host,
        introspection: config.introspection,
        ops: config.ops,
        limits: config.limits,
        readiness: [
          { name: 'postgres', check: async () => void (await dataSource.query('SELECT 1')) },
          {
            name: 'nats',
            check: async () => {
              if (nc.isClosed()) throw new Error('NATS connection closed');
              await nc.flush();
            },
          },
          // Red while a consumer's loop is not running (stopped, restarting, waiting for its stream).
          ...consumers.map((consumer, i) => ({
            name: `consumer:${consumer.durable}${consumers.findIndex((c) => c.durable === consumer.durable) === i ? '' : `#${i}`}`,
            check: async () => consumer.assertRunning(),
          })),
        ],
        trust: def.trust,
        trustLayer: config.trustLayer,
        auditSql: (sql, params) => dataSource.query(sql, params),
        buildContext: (base) => def.buildContext(base, { dataSource, nc }),
        plugins: def.plugins,
        routes: def.routes ? (app, viewerOf) => def.routes!(app, viewerOf, { dataSource, nc }) : undefined,
      },
      config.port,
    );
    started.push(() => subgraph.close());
    registerEventMetrics(subgraph.http.metrics.registry, { dataSource, relay, consumers });
    logger.info({ url: subgraph.url }, `${def.name} subgraph ready`);

    let closing: Promise<void> | undefined;
    const close = () => (closing ??= unwind());
    return { ...subgraph, close, dataSource, nc, relay, consumers, logger };
  } catch (error) {
    await unwind();
    throw error;
  }
}
