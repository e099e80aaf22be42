import express, { type Router } from 'express';
import {
  GATEWAY_ASSERTION_HEADER,
  bearerToken,
  verifyToken,
  type GatewayAssertionSigner,
  type TokenSettings,
} from '@smss/auth';
import { sendRouteError } from '@smss/service-kit';
import type { Logger } from '@smss/core';

/** Response headers a download passes on from the subgraph (nothing else: no cookies, no server details). */
const PASSED_ON = ['content-type', 'content-disposition', 'content-length', 'cache-control', 'x-content-type-options'];

/** A path segment a subgraph's download route may receive: no traversal, no encoded slashes. */
const SEGMENT = /^[A-Za-z0-9._-]{1,100}$/;

const noSuchDownload = () => ({
  errors: [{ message: 'No such download', extensions: { code: 'NOT_FOUND', messageTh: 'ไม่พบไฟล์ที่ขอดาวน์โหลด' } }],
});

/**
 * File downloads: `GET /download/<subgraph>/<path>` with the caller's bearer token. The gateway checks the
 * token, then forwards the request (with the token and an assertion it signs for that subgraph) to the
 * subgraph's own `/download/<subgraph>/<path>` route, which decides with the caller's authority (a report
 * link works for the caller who made it, until it expires) and streams the file back unchanged.
 */
export function downloadRouter(options: {
  subgraphUrls: Record<string, string>;
  tokens: TokenSettings;
  signer: GatewayAssertionSigner;
  logger: Logger;
}): Router {
  const router = express.Router();
  router.get('/:subgraph/*rest', async (req, res) => {
    try {
      const token = bearerToken(req.headers.authorization);
      if (token) await verifyToken(token, options.tokens);
      const base = options.subgraphUrls[req.params.subgraph];
      const rest = ([] as string[]).concat((req.params as unknown as { rest: string[] | string }).rest);
      if (!base || !rest.length || !rest.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')) {
        res.status(404).json(noSuchDownload());
        return;
      }
      const target = base.replace(/\/graphql$/, `/download/${req.params.subgraph}/${rest.join('/')}`);
      const requestId = String((req as { id?: unknown }).id ?? '');
      const headers: Record<string, string> = {
        [GATEWAY_ASSERTION_HEADER]: await options.signer.sign({ subgraph: req.params.subgraph, requestId, token }),
        'x-request-id': requestId,
      };
      if (token) headers.authorization = `Bearer ${token}`;
      const upstream = await fetch(target, { method: 'GET', headers });
      res.status(upstream.status);
      for (const name of PASSED_ON) {
        const value = upstream.headers.get(name);
        if (value) res.setHeader(name, value);
      }
      res.send(Buffer.from(await upstream.arrayBuffer()));
    } catch (error) {
      sendRouteError(res, error, options.logger);
    }
  });
  return router;
}
