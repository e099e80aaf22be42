import { STATUS_CODES } from 'node:http';
import { Agent } from 'undici';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';

/** The client contract of `RemoteGraphQLDataSource` (`@apollo/utils.fetcher`). */
type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type FetcherHeaders = FetcherResponse['headers'];

export interface SubgraphFetcherOptions {
  /** Keep-alive connections per subgraph (default 64; the gateway's default client had no cap). */
  connectionsPerSubgraph?: number;
  /** Give up on a subgraph that sends no response headers, or stalls in the body, for this long (default 60 s). */
  timeoutMs?: number;
}

export interface SubgraphFetcher {
  fetcher: Fetcher;
  /** Close the pooled connections (after the gateway stopped sending). */
  close: () => Promise<void>;
}

/** A subgraph's answer, read whole (subgraph answers are JSON documents), shaped as the gateway expects. */
class SubgraphResponse implements FetcherResponse {
  bodyUsed = false;
  readonly redirected = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: FetcherHeaders,
    private readonly body: Buffer,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get statusText(): string {
    return STATUS_CODES[this.status] ?? '';
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body.toString('utf8');
  }

  async json(): Promise<any> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    return new Uint8Array(this.body).buffer;
  }

  clone(): FetcherResponse {
    return new SubgraphResponse(this.url, this.status, new Headers([...this.headers]), this.body);
  }
}

/**
 * The gateway's HTTP client for subgraph calls: an undici `Agent` with a keep-alive pool per subgraph,
 * using undici's `request` API (no WHATWG streams). It replaces `@apollo/gateway`'s default
 * make-fetch-happen client, which cost ~0.7–1 ms of CPU per subgraph call (agent lookup, building a
 * stack trace per request to tell http from https, minipass streams) — measured by `npm run bench:read`.
 */
export function createSubgraphFetcher(options: SubgraphFetcherOptions = {}): SubgraphFetcher {
  const timeout = options.timeoutMs ?? 60_000;
  const agent = new Agent({
    connections: options.connectionsPerSubgraph ?? 64,
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  const targets = new Map<string, { origin: string; path: string }>();
  const targetOf = (url: string) => {
    let target = targets.get(url);
    if (!target) {
      const u = new URL(url);
      target = { origin: u.origin, path: `${u.pathname}${u.search}` };
      targets.set(url, target);
    }
    return target;
  };
  const fetcher: Fetcher = async (url: string, init: FetcherRequestInit = {}) => {
    const { origin, path } = targetOf(url);
    const res = await agent.request({
      origin,
      path,
      method: (init.method ?? 'GET') as 'GET',
      headers: init.headers,
      body: init.body,
      signal: init.signal,
    });
    const body = Buffer.from(await res.body.arrayBuffer());
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
    return new SubgraphResponse(url, res.statusCode, headers, body);
  };
  return { fetcher, close: () => agent.close() };
}
