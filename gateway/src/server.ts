import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { Counter } from 'prom-client';
import { createLogger, formatPublicError, type Logger } from '@smss/core';
import { ANONYMOUS, bearerToken, GATEWAY_SECRET_HEADER, verifyToken, type MaybeViewer } from '@smss/auth';
import { closeServer, createHttpApp, jsonBody, jsonBodyErrors, listen } from '@smss/service-kit';
import type { GatewayConfig } from './environment';
import { operationLimitsPlugin } from './limits';
import { explorerAssets, explorerHtml } from './explorer/explorer';
import { SUPERGRAPH_FILE } from './subgraphs';
import { UPLOAD_PAGE, uploadRouter } from './upload';

export interface GatewayContext {
  viewer: MaybeViewer;
  token?: string;
  requestId: string;
}

export interface RunningGateway {
  url: string;
  port: number;
  close: () => Promise<void>;
}

/**
 * The Apollo Gateway on the committed supergraph. It verifies the bearer token (a bad one is
 * 401 UNAUTHENTICATED before any planning), forwards it with the shared secret, limits depth,
 * aliases and cost before any subgraph call, masks internal errors, and serves an offline explorer.
 */
export async function startGateway(
  config: GatewayConfig,
  logger: Logger = createLogger('gateway', config.logLevel),
  supergraphSdl: string = readFileSync(SUPERGRAPH_FILE, 'utf8'),
): Promise<RunningGateway> {
  const subgraphUrls = Object.values(config.subgraphUrls);
  const http = createHttpApp({
    service: 'gateway',
    logger,
    readiness: subgraphUrls.map((url) => ({
      name: url,
      check: async () => {
        const res = await fetch(url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(2000) });
        if (!res.ok) throw new Error(`${url} not ready (${res.status})`);
      },
    })),
  });
  const subgraphRequests = new Counter({
    name: 'gateway_subgraph_requests_total',
    help: 'Requests the gateway sent to each subgraph',
    labelNames: ['subgraph'],
    registers: [http.metrics.registry],
  });
  const rejected = new Counter({
    name: 'gateway_operations_rejected_total',
    help: 'Operations refused by the depth, alias or cost limits',
    labelNames: ['reason'],
    registers: [http.metrics.registry],
  });

  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: config.subgraphUrls[name] ?? url,
        willSendRequest: ({ request, context }) => {
          subgraphRequests.inc({ subgraph: name });
          request.http?.headers.set(GATEWAY_SECRET_HEADER, config.gatewaySecret);
          if (context.token) request.http?.headers.set('authorization', `Bearer ${context.token}`);
          if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
        },
      }),
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      operationLimitsPlugin(config.limits, (reason) => rejected.inc({ reason })),
    ],
    formatError: (formatted, error) => {
      const shaped = formatPublicError(formatted);
      http.metrics.graphqlErrors.inc({ code: String(shaped.extensions.code) });
      if (shaped.extensions.code === 'INTERNAL_SERVER_ERROR')
        logger.error({ err: error }, 'internal error (masked)');
      return shaped;
    },
  });
  await apollo.start();

  http.app.get('/upload', (_req, res) => void res.type('html').send(UPLOAD_PAGE));
  http.app.use(
    '/upload',
    uploadRouter({
      subgraphUrls: config.subgraphUrls,
      tokens: config.tokens,
      gatewaySecret: config.gatewaySecret,
      logger,
    }),
  );
  if (config.explorer) {
    http.app.use('/explorer/assets', explorerAssets());
    const page = explorerHtml('/graphql', '/explorer/assets');
    http.app.get('/explorer', (_req, res) => void res.type('html').send(page));
    // A browser opening /graphql gets the explorer; API clients get GraphQL.
    http.app.get('/graphql', (req, res, next) => {
      const accept = req.headers.accept ?? '';
      if (accept.includes('text/html') && !req.query.query) return void res.type('html').send(page);
      next();
    });
  }
  http.app.use(
    '/graphql',
    jsonBody(),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const token = bearerToken(req.headers.authorization);
        const viewer = token ? await verifyToken(token, config.tokens) : ANONYMOUS;
        return { viewer, token, requestId: String((req as { id?: unknown }).id ?? '') };
      },
    }),
  );
  http.app.use(jsonBodyErrors);
  const { server, port } = await listen(http.app, config.port);
  logger.info({ port }, 'gateway ready');
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    close: () =>
      (closed ??= (async () => {
        await closeServer(server as Server);
        await apollo.stop();
      })()),
  };
}
