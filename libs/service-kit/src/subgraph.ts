import type { Server } from 'node:http';
import type { DocumentNode } from 'graphql';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Express, NextFunction, Request, Response } from 'express';
import { formatPublicError, type Logger } from '@smss/core';
import {
  ANONYMOUS,
  bearerToken,
  GATEWAY_SECRET_HEADER,
  isGatewaySecretValid,
  verifyToken,
  type MaybeViewer,
  type TokenSettings,
} from '@smss/auth';
import { closeServer, createHttpApp, listen, type HttpApp, type ReadinessCheck } from './http-app';
import { jsonBody, jsonBodyErrors } from './json-body';

/** What every resolver receives; a service adds its own loaders and services. */
export interface RequestContext extends BaseContext {
  viewer: MaybeViewer;
  requestId: string;
  logger: Logger;
}

export interface SubgraphOptions<C extends RequestContext> {
  service: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<C>;
  logger: Logger;
  tokens: TokenSettings;
  /** Requests without this secret in `x-smss-gateway-secret` get 403: only the gateway may call. */
  gatewaySecret: string;
  readiness: ReadinessCheck[];
  /** Extra Apollo Server plugins (e.g. flushing an audit log before the response leaves). */
  plugins?: ApolloServerPlugin<C>[];
  /**
   * Extra HTTP routes (e.g. file uploads) mounted behind the same gateway-secret check; `viewerOf`
   * verifies the request's bearer token exactly as GraphQL requests are verified.
   */
  routes?: (app: Express, viewerOf: (req: Request) => Promise<MaybeViewer>) => void;
  /** Adds per-request state (DataLoaders, services) to the base context. */
  buildContext: (base: RequestContext) => C | Promise<C>;
}

export interface RunningSubgraph {
  url: string;
  port: number;
  http: HttpApp;
  close: () => Promise<void>;
}

/**
 * Build and start an Apollo Federation 2 subgraph behind the shared HTTP shell.
 * The token is verified here again (the gateway is not the only wall).
 */
export async function startSubgraph<C extends RequestContext>(
  options: SubgraphOptions<C>,
  port: number,
): Promise<RunningSubgraph> {
  const http = createHttpApp({
    service: options.service,
    logger: options.logger,
    readiness: options.readiness,
  });
  const apollo = new ApolloServer<C>({
    schema: buildSubgraphSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers as never }),
    csrfPrevention: true,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ...(options.plugins ?? []),
    ],
    formatError: (formatted, error) => {
      const shaped = formatPublicError(formatted);
      http.metrics.graphqlErrors.inc({ code: String(shaped.extensions.code) });
      if (shaped.extensions.code === 'INTERNAL_SERVER_ERROR') {
        options.logger.error(
          { err: (error as { originalError?: unknown })?.originalError ?? error },
          'internal error',
        );
      }
      return shaped;
    },
  });
  await apollo.start();
  const viewerOf = async (req: Request): Promise<MaybeViewer> => {
    const token = bearerToken(req.headers.authorization);
    return token ? verifyToken(token, options.tokens) : ANONYMOUS;
  };
  const gatewayOnly = (req: Request, res: Response, next: NextFunction) => {
    if (!isGatewaySecretValid(req.header(GATEWAY_SECRET_HEADER), options.gatewaySecret)) {
      res.status(403).json({
        errors: [
          {
            message: 'This subgraph answers only the SMSS gateway',
            extensions: { code: 'FORBIDDEN', messageTh: 'บริการนี้รับคำขอผ่านเกตเวย์ของระบบเท่านั้น' },
          },
        ],
      });
      return;
    }
    next();
  };
  if (options.routes) {
    http.app.use('/upload', gatewayOnly);
    options.routes(http.app, viewerOf);
  }
  http.app.use(
    '/graphql',
    gatewayOnly,
    jsonBody(),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const viewer = await viewerOf(req);
        const requestId = String((req as { id?: unknown }).id ?? '');
        return options.buildContext({ viewer, requestId, logger: options.logger.child({ requestId }) });
      },
    }),
  );
  http.app.use(jsonBodyErrors);
  const { server, port: actualPort } = await listen(http.app, port);
  let closed = false;
  return {
    url: `http://127.0.0.1:${actualPort}/graphql`,
    port: actualPort,
    http,
    close: async () => {
      if (closed) return;
      closed = true;
      await closeServer(server as Server);
      await apollo.stop();
    },
  };
}
