import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the double received: what the worker sent, exactly. */
export interface DoubleCall {
  operationName: string;
  query: string;
  variables: Record<string, any>;
  token: string | undefined;
}

type Answer = { data?: unknown; errors?: unknown[] };
type Handler = (variables: Record<string, any>, token: string | undefined) => Answer;

/**
 * A small real HTTP server standing in for the gateway in these unit tests: it answers the export
 * profiles' operations (by operationName) with fixed data in pages, and records every call (document,
 * variables, bearer token). The through-the-gateway end-to-end test lives with the e2e suite.
 * `hold()` makes it keep answers back until `release()`, one at a time, to watch progress.
 */
export class GatewayDouble {
  readonly calls: DoubleCall[] = [];
  private readonly handlers = new Map<string, Handler>();
  private server?: Server;
  private holding = false;
  private readonly waiting: Array<() => void> = [];
  url = '';

  on(operationName: string, handler: Handler): this {
    this.handlers.set(operationName, handler);
    return this;
  }

  hold(): void {
    this.holding = true;
  }

  /** Answer the oldest held request (waits until one is held). */
  async release(): Promise<void> {
    while (!this.waiting.length) await new Promise((r) => setTimeout(r, 10));
    this.waiting.shift()!();
  }

  get held(): number {
    return this.waiting.length;
  }

  /** Stop holding and answer everything held. */
  releaseAll(): void {
    this.holding = false;
    while (this.waiting.length) this.waiting.shift()!();
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          query: string;
          operationName: string;
          variables?: Record<string, any>;
        };
        const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
        this.calls.push({
          operationName: body.operationName,
          query: body.query,
          variables: body.variables ?? {},
          token,
        });
        if (this.holding) await new Promise<void>((r) => this.waiting.push(r));
        const handler = this.handlers.get(body.operationName);
        const answer: Answer = handler
          ? handler(body.variables ?? {}, token)
          : {
              errors: [
                {
                  message: `no such operation ${body.operationName}`,
                  extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
                },
              ],
            };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/graphql`;
  }

  async stop(): Promise<void> {
    this.releaseAll();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

/** A Relay page of `items` (the double's own page size, whatever `first` asked). */
export function pageOf<T>(items: readonly T[], after: string | null | undefined, size: number) {
  const start = after ? Number(after) : 0;
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return {
    totalCount: items.length,
    pageInfo: { hasNextPage: end < items.length, endCursor: slice.length ? String(end) : null },
    edges: slice.map((node) => ({ node })),
  };
}
