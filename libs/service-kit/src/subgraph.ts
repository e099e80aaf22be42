import type { Server } from 'node:http';
import type { DocumentNode } from 'graphql';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { Express, NextFunction, Request, Response } from 'express';
import { formatPublicError, type Logger } from '@smss/core';
import {
  ANONYMOUS,
  bearerToken,
  createGatewayAssertionVerifier,
  GATEWAY_ASSERTION_HEADER,
  GatewayAssertionRefused,
  verifyToken,
  withAgreement,
  type MaybeViewer,
  type PartnerAgreementClaim,
  type TokenSettings,
} from '@smss/auth';
import { applyTrustLayer, TrustState, type SqlRunner, type TrustRules } from '@smss/trust';
import { closeServer, createHttpApp, listen, type HttpApp, type ReadinessCheck } from './http-app';
import { opsCallerCheck, type OpsSettings } from './ops-access';
import { jsonBody, jsonBodyErrors } from './json-body';
import { inputGuardPlugin } from './input-guard';
import { runningInProduction } from './environment';
import { costDirectivesFrom, DEFAULT_LIMITS, operationLimitsPlugin, type OperationLimits } from './limits';

/** What every resolver receives; a service adds its own loaders and services. */
export interface RequestContext extends BaseContext {
  viewer: MaybeViewer;
  requestId: string;
  logger: Logger;
  /** The trust layer's per-request state (audit, visibility decisions); see @smss/trust. */
  trust: TrustState;
}

export interface SubgraphOptions<C extends RequestContext> {
  service: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<C>;
  logger: Logger;
  tokens: TokenSettings;
  /**
   * The gateway's public key(s), PEM. Every request must carry a valid gateway assertion for this
   * subgraph in `x-smss-gateway-assertion` (see @smss/auth gateway-assertion), else 403.
   */
  gatewayPublicKeys: string;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Schema introspection and "Did you mean …" suggestions (default off). */
  introspection?: boolean;
  /** Who may read /readyz details and /metrics. */
  ops?: OpsSettings;
  readiness: ReadinessCheck[];
  /** Extra Apollo Server plugins (e.g. flushing an audit log before the response leaves). */
  plugins?: ApolloServerPlugin<C>[];
  /**
   * The gateway's depth, alias and cost limits, applied again here with the sizes this subgraph's
   * SDL declares (`@listSize`, `@cost`); default DEFAULT_LIMITS.
   */
  limits?: OperationLimits;
  /**
   * Extra HTTP routes under `/upload` and `/download` (file uploads, generated reports) mounted behind
   * the same gateway check; `viewerOf` verifies the request's bearer token exactly as GraphQL requests are
   * verified.
   */
  routes?: (app: Express, viewerOf: (req: Request) => Promise<MaybeViewer>) => void;
  /**
   * The trust layer's rules (owner rule per record type, masks). Every resolver is wrapped by
   * `applyTrustLayer`, which refuses a schema with an unclassified field or an owner-less type.
   */
  trust: TrustRules<C>;
  /** `'off-for-benchmark'`: serve without the trust layer, for benchmarks only (see ServiceRuntimeConfig). */
  trustLayer?: TrustLayerMode;
  /** Runs the personal-data audit's INSERT on the service's own database. */
  auditSql: SqlRunner;
  /** Adds per-request state (DataLoaders, services) to the base context. */
  buildContext: (base: RequestContext) => C | Promise<C>;
}

/** The trust layer is on, except in a benchmark that measures its cost (never in production). */
export type TrustLayerMode = 'on' | 'off-for-benchmark';

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
    isOpsCaller: opsCallerCheck(options.ops, options.tokens),
    publicMetrics: options.ops?.publicMetrics,
  });
  const schema = buildSubgraphSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers as never });
  if (options.trustLayer === 'off-for-benchmark') {
    if (runningInProduction())
      throw new Error(
        `Refusing to start ${options.service} without its trust layer: trustLayer 'off-for-benchmark' is for benchmarks, never with NODE_ENV=production`,
      );
    options.logger.warn('trust layer OFF for a benchmark: no row scope, masking or personal-data audit');
  } else applyTrustLayer<C>(schema, options.trust);
  const apollo = new ApolloServer<C>({
    schema,
    // onShutdown (service-kit) owns SIGINT/SIGTERM: Apollo's own handlers would stop the server
    // and re-raise the signal, killing the process before NATS drains and the pool closes.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    introspection: options.introspection ?? false,
    hideSchemaDetailsFromClientErrors: !(options.introspection ?? false),
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      // No HTTP caching of GraphQL answers here; Apollo's default cache-control plugin would run a
      // hook on every resolved field (measured by `npm run bench:read`).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      // The same input sanitiser and limits as the gateway, for calls that did not come through it.
      inputGuardPlugin<C>(),
      operationLimitsPlugin<C>(options.limits ?? DEFAULT_LIMITS, costDirectivesFrom(options.typeDefs)),
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
    if (!token) return ANONYMOUS;
    // The partner agreement in force comes from the verified gateway assertion (set by `gatewayOnly`).
    return withAgreement(
      await verifyToken(token, options.tokens),
      (req as { agreement?: PartnerAgreementClaim }).agreement,
    );
  };
  const assertions = createGatewayAssertionVerifier({
    publicKeys: options.gatewayPublicKeys,
    subgraph: options.service,
  });
  /**
   * Only the gateway may call: a valid assertion it signed for this subgraph, bound to the bearer
   * token that came with it. The request id becomes the gateway's, taken from the verified
   * assertion (`req.id`, so the context, the audit and events carry it).
   */
  const gatewayOnly = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const token =
        /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? req.headers.authorization;
      const verified = await assertions.verify(req.header(GATEWAY_ASSERTION_HEADER), token);
      (req as { id?: unknown }).id = verified.requestId;
      (req as { agreement?: unknown }).agreement = verified.agreement;
      res.setHeader('x-request-id', verified.requestId);
    } catch (error) {
      const reason = error instanceof GatewayAssertionRefused ? error.reason : String(error);
      options.logger.warn(
        { reason, path: req.baseUrl + req.path },
        'refused a request that did not come through the gateway',
      );
      res.status(403).json({
        errors: [
          {
            message: 'This subgraph answers only the SMSS gateway',
            extensions: {
              code: 'FORBIDDEN',
              messageTh: 'บริการนี้รับคำขอผ่านเกตเวย์ของระบบเท่านั้น',
              // Why, outside production only (a test that fails here says what was wrong).
              ...(runningInProduction() ? {} : { reason }),
            },
          },
        ],
      });
      return;
    }
    next();
  };
  if (options.routes) {
    // Uploads and downloads (reports, evidence files) answer the gateway only, like /graphql.
    http.app.use('/upload', gatewayOnly);
    http.app.use('/download', gatewayOnly);
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
        return options.buildContext({
          viewer,
          requestId,
          logger: options.logger.child({ requestId }),
          trust: new TrustState(viewer, requestId, options.auditSql),
        });
      },
    }),
  );
  http.app.use(jsonBodyErrors);
  const { server, port: actualPort } = await listen(http.app, port, options.host);
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
