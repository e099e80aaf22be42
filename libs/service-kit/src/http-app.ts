import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '@smss/core';
import { createMetrics, type ServiceMetrics } from './metrics';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export interface HttpAppOptions {
  service: string;
  logger: Logger;
  readiness: ReadinessCheck[];
  /** Ops callers see /readyz details (check names, errors) and /metrics; default: nobody. */
  isOpsCaller?: (req: Request) => Promise<boolean>;
  /** Serve /metrics to anyone (development only; default false). */
  publicMetrics?: boolean;
}

const UNAUTHENTICATED_METRICS = {
  errors: [
    {
      message: 'Metrics need the ops token or an OBEC administrator token',
      extensions: {
        code: 'UNAUTHENTICATED',
        messageTh: 'การดูข้อมูลสถิติระบบต้องใช้โทเค็นสำหรับผู้ดูแลระบบ',
      },
    },
  ],
};

export interface HttpApp {
  app: Express;
  metrics: ServiceMetrics;
}

/**
 * The HTTP shell every process shares: request ids, access logs, `/healthz` (the process is up),
 * `/readyz` (its database and NATS answer), Prometheus `/metrics`. Every request gets an id
 * generated here: a client's `x-request-id` is only logged, as `clientRequestId`. To anonymous
 * callers `/readyz` says only `{ status }` (no names, URLs or errors) and `/metrics` answers 401
 * unless `publicMetrics`.
 */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const app = express();
  app.disable('x-powered-by');
  const metrics = createMetrics(options.service);
  app.use(
    pinoHttp({
      logger: options.logger,
      genReqId: (_req, res) => {
        const id = randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      customProps: (req) => {
        const incoming = req.headers['x-request-id'];
        return typeof incoming === 'string' ? { clientRequestId: incoming.slice(0, 128) } : {};
      },
      autoLogging: { ignore: (req) => ['/healthz', '/readyz', '/metrics'].includes(req.url ?? '') },
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => end({ route: req.route?.path ?? req.path, status: String(res.statusCode) }));
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.service });
  });
  const isOpsCaller = options.isOpsCaller ?? (async () => false);
  app.get('/readyz', async (req, res) => {
    const results = await Promise.all(
      options.readiness.map(async ({ name, check }) => {
        try {
          await check();
          return { name, ok: true };
        } catch (error) {
          return { name, ok: false, error: String((error as Error).message ?? error) };
        }
      }),
    );
    const ready = results.every((r) => r.ok);
    const status = ready ? 'ready' : 'not ready';
    res.status(ready ? 200 : 503);
    if (!(await isOpsCaller(req))) return void res.json({ status });
    res.json({ status, service: options.service, checks: results });
  });
  app.get('/metrics', async (req, res) => {
    if (!options.publicMetrics && !(await isOpsCaller(req))) {
      res.status(401).setHeader('www-authenticate', 'Bearer').json(UNAUTHENTICATED_METRICS);
      return;
    }
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return { app, metrics };
}

/**
 * Listen on a port (0 picks a free one) and resolve with the server and its port. Loopback
 * unless told otherwise: a container or a cluster sets HOST=0.0.0.0 explicitly.
 */
export function listen(
  app: Express,
  port: number,
  host = '127.0.0.1',
): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : port });
    });
    server.keepAliveTimeout = 65_000;
    server.on('error', reject);
  });
}

/** Stop accepting, let in-flight requests finish (up to `graceMs`), then drop kept-alive sockets. */
export function closeServer(server: Server, graceMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
