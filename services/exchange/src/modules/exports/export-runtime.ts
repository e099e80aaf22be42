import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource } from 'typeorm';
import { bearerToken } from '@smss/auth';
import { createLogger, type Logger } from '@smss/core';
import type { RequestContext, ServiceDefinition } from '@smss/service-kit';
import { DEV_EXPORT_LINK_KEY } from './export-link';
import { ExportJobRepository } from './export-job.repository';
import { ExportJobService, type ExportJobQueue } from './export-job.service';
import { mountExportDownloads, type RoutesApp, type ViewerOf } from './export-routes';
import { ExportWorker } from './export-worker';

/** Where the gateway answers when GATEWAY_URL is not set. */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';

export interface ExportRuntimeOptions {
  /** The gateway's GraphQL endpoint the worker queries (GATEWAY_URL; a function: read per call). */
  gatewayUrl?: string | (() => string);
  /** HMAC key of download links (EXPORT_LINK_KEY; the marked development default otherwise). */
  linkKey?: string;
  /** Worker heartbeat and stale-job settings (tests shorten them). */
  heartbeatMs?: number;
  /** Schools a job reads at the same time (default 4; tests that step page by page use 1). */
  concurrency?: number;
  staleSeconds?: number;
  logger?: Logger;
}

/**
 * The export jobs' part of one exchange process: the worker (started when the service mounts its routes,
 * stopped when its Apollo server stops, i.e. first in `close()`, before NATS and the database), the
 * download route, and the request's bearer token for `startExport` (captured per `/graphql` request in an
 * AsyncLocalStorage, in memory only; the subgraph verified the viewer from that same header).
 */
export class ExportRuntime {
  private readonly requestToken = new AsyncLocalStorage<{ token?: string }>();
  private worker?: ExportWorker;
  private starting?: Promise<void>;
  private readonly logger: Logger;
  readonly linkKey: string;

  constructor(private readonly options: ExportRuntimeOptions = {}) {
    this.logger = options.logger ?? createLogger('exchange');
    this.linkKey = options.linkKey ?? DEV_EXPORT_LINK_KEY;
  }

  /** Called once per boot from the service definition's `routes`. */
  mount(app: RoutesApp, viewerOf: ViewerOf, dataSource: DataSource): void {
    const repo = new ExportJobRepository(dataSource);
    app.use('/graphql', (req, _res, next) => {
      let token: string | undefined;
      try {
        token = bearerToken(req.headers.authorization);
      } catch {
        token = undefined; // a malformed header: the subgraph refuses the request itself
      }
      this.requestToken.run({ token }, next);
    });
    mountExportDownloads(app, viewerOf, repo, this.linkKey, this.logger);
    this.worker = new ExportWorker(repo, this.logger, {
      gatewayUrl: this.options.gatewayUrl ?? DEFAULT_GATEWAY_URL,
      heartbeatMs: this.options.heartbeatMs,
      concurrency: this.options.concurrency,
      staleSeconds: this.options.staleSeconds,
    });
    this.starting = this.worker
      .start()
      .catch((error: unknown) => this.logger.error({ err: error }, 'export worker failed to start'));
  }

  /** Stops the worker when the subgraph's Apollo server stops. */
  plugin<C extends RequestContext>(): NonNullable<ServiceDefinition<C>['plugins']>[number] {
    return {
      serverWillStart: async () => ({
        serverWillStop: async () => {
          await this.starting;
          await this.worker?.stop();
        },
      }),
    };
  }

  /** The rules of export jobs for one request (the composition root passes its repository). */
  service(repo: ExportJobRepository): ExportJobService {
    return new ExportJobService(repo, this.queue(), this.linkKey, () => this.requestToken.getStore()?.token);
  }

  private queue(): ExportJobQueue {
    const worker = this.worker;
    if (!worker) throw new Error('The export worker is not mounted (ExportRuntime.mount was not called)');
    return worker;
  }
}
