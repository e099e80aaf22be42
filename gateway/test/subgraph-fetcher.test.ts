import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLError } from 'graphql';
import { createSubgraphFetcher } from '../src/subgraph-fetcher';
import { SubgraphDataSource } from '../src/subgraph-source';

/** A real HTTP server standing in for a subgraph: answers what `handle` says, counts TCP connections. */
async function fakeSubgraph(handle: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  let connections = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => handle(req, body, res));
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    url,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const json = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r-1' });
  res.end(JSON.stringify(value));
};

describe('the gateway’s subgraph HTTP client', () => {
  const http = createSubgraphFetcher();
  afterAll(() => http.close());

  it('sends the method, headers and body, and returns the status, headers and JSON body', async () => {
    const sg = await fakeSubgraph((req, body, res) =>
      json(res, 200, {
        data: { method: req.method, auth: req.headers.authorization, body: JSON.parse(body) },
      }),
    );
    try {
      const res = await http.fetcher(sg.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
        body: JSON.stringify({ query: '{ ok }' }),
      });
      expect([res.ok, res.status, res.statusText]).toEqual([true, 200, 'OK']);
      expect(res.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('x-request-id')).toBe('r-1');
      expect(await res.json()).toEqual({
        data: { method: 'POST', auth: 'Bearer t', body: { query: '{ ok }' } },
      });
    } finally {
      await sg.close();
    }
  });

  it('keeps connections to a subgraph open from one call to the next', async () => {
    const sg = await fakeSubgraph((_req, _body, res) => json(res, 200, { data: { ok: true } }));
    try {
      for (let i = 0; i < 20; i += 1) {
        const res = await http.fetcher(sg.url, { method: 'POST', body: '{}' });
        expect(await res.json()).toEqual({ data: { ok: true } });
      }
      // undici may open a second socket while the first finishes its response; never one per call.
      expect(sg.connections()).toBeLessThanOrEqual(2);
    } finally {
      await sg.close();
    }
  });

  it('hands a subgraph’s refusal to the data source, which keeps its code and Thai message', async () => {
    const sg = await fakeSubgraph((_req, _body, res) =>
      json(res, 400, {
        errors: [
          { message: 'Bad decimal', extensions: { code: 'BAD_USER_INPUT', messageTh: 'ตัวเลขไม่ถูกต้อง' } },
        ],
      }),
    );
    const source = new SubgraphDataSource({ url: sg.url, fetcher: http.fetcher });
    try {
      const error = await source
        .process({ kind: 'loading schema' as never, request: { query: '{ ok }' }, context: {} })
        .then(
          () => undefined,
          (e: GraphQLError) => e,
        );
      expect(error?.message).toBe('Bad decimal');
      expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', messageTh: 'ตัวเลขไม่ถูกต้อง' });
      expect(JSON.stringify(error?.extensions)).not.toContain('127.0.0.1');
    } finally {
      await sg.close();
    }
  });

  it('answers a GraphQL response through the data source unchanged', async () => {
    const sg = await fakeSubgraph((_req, body, res) =>
      json(res, 200, { data: { echo: JSON.parse(body).variables.v } }),
    );
    const source = new SubgraphDataSource({ url: sg.url, fetcher: http.fetcher });
    try {
      const response = await source.process({
        kind: 'loading schema' as never,
        request: { query: 'query($v: String) { echo(v: $v) }', variables: { v: 'สวัสดี' } },
        context: {},
      });
      expect(response.data).toEqual({ echo: 'สวัสดี' });
    } finally {
      await sg.close();
    }
  });
});
