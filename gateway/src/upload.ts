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

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/**
 * File uploads: `POST /upload/<subgraph>?…` with the raw file as the body. The gateway checks the
 * token, then forwards the bytes (with the token and an assertion it signs for that subgraph) to its own
 * `/upload/<subgraph>` route, which authorises and processes them. Works from curl and from the
 * upload page below.
 */
export function uploadRouter(options: {
  subgraphUrls: Record<string, string>;
  tokens: TokenSettings;
  signer: GatewayAssertionSigner;
  logger: Logger;
}): Router {
  const router = express.Router();
  router.post('/:subgraph', express.raw({ type: () => true, limit: MAX_UPLOAD_BYTES }), async (req, res) => {
    try {
      const token = bearerToken(req.headers.authorization);
      if (token) await verifyToken(token, options.tokens);
      const base = options.subgraphUrls[req.params.subgraph];
      if (!base) {
        res
          .status(404)
          .json({
            errors: [
              {
                message: 'No such upload',
                extensions: { code: 'NOT_FOUND', messageTh: 'ไม่พบปลายทางการอัปโหลด' },
              },
            ],
          });
        return;
      }
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      const target = base.replace(/\/graphql$/, `/upload/${req.params.subgraph}`) + query;
      const requestId = String((req as { id?: unknown }).id ?? '');
      const headers: Record<string, string> = {
        [GATEWAY_ASSERTION_HEADER]: await options.signer.sign({
          subgraph: req.params.subgraph,
          requestId,
          token,
        }),
        'content-type': req.headers['content-type'] ?? 'application/octet-stream',
        'x-request-id': requestId,
      };
      if (token) headers.authorization = `Bearer ${token}`;
      const upstream = await fetch(target, {
        method: 'POST',
        headers,
        body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      });
      res.status(upstream.status).type(upstream.headers.get('content-type') ?? 'application/json');
      res.send(Buffer.from(await upstream.arrayBuffer()));
    } catch (error) {
      sendRouteError(res, error, options.logger);
    }
  });
  return router;
}

/** A plain page to upload a student list from a browser (no CDN, no framework). */
export const UPLOAD_PAGE = `<!doctype html>
<html lang="th"><head><meta charset="utf-8"><title>นำเข้ารายชื่อนักเรียน — SMSS</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}
input,textarea{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1.5rem}pre{background:#f4f4f4;padding:1rem;overflow:auto}</style>
</head><body>
<h1>นำเข้ารายชื่อนักเรียน <small>(Import a student list)</small></h1>
<form id="f">
<label>โทเค็น (Bearer token)<textarea id="token" rows="3" required></textarea></label>
<label>รหัสโรงเรียน 10 หลัก (school code)<input id="school" pattern="[0-9]{10}" required></label>
<label>ปีการศึกษา พ.ศ. (academic year)<input id="year" type="number" min="2500" max="2700" required></label>
<label>ไฟล์ CSV หรือ XLSX (file)<input id="file" type="file" accept=".csv,.xlsx" required></label>
<button>นำเข้า (Import)</button>
</form>
<pre id="out"></pre>
<script>
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = document.getElementById('file').files[0];
  const q = new URLSearchParams({ schoolCode: document.getElementById('school').value, academicYear: document.getElementById('year').value, fileName: file.name });
  const res = await fetch('/upload/students?' + q, { method: 'POST', body: file,
    headers: { authorization: 'Bearer ' + document.getElementById('token').value.trim(), 'content-type': file.type || 'application/octet-stream' } });
  document.getElementById('out').textContent = res.status + '\\n' + JSON.stringify(await res.json(), null, 2);
});
</script>
</body></html>`;
