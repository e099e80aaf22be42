import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { verifyToken } from '@smss/auth';
import { DEV_JWT_SECRET } from '@smss/core';
import { DASHBOARD_CSP, dashboardRouter } from '../src/dashboard/dashboard';

const TOKENS = { secret: DEV_JWT_SECRET, issuer: 'smss-federated', audience: 'smss-api' };

/** A built dashboard in a temporary folder, as `vite build` leaves it (with the precompressed copies). */
function fakeBuild(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dashboard-'));
  mkdirSync(path.join(dir, 'assets'));
  const html = '<!doctype html><script type="module" src="/dashboard/assets/index-abc123.js"></script>';
  const js = 'console.log("dashboard");'.repeat(50);
  writeFileSync(path.join(dir, 'index.html'), html);
  writeFileSync(path.join(dir, 'index.html.gz'), gzipSync(html));
  writeFileSync(path.join(dir, 'assets/index-abc123.js'), js);
  writeFileSync(path.join(dir, 'assets/index-abc123.js.gz'), gzipSync(js));
  writeFileSync(path.join(dir, 'assets/font-abc123.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  return dir;
}

async function serve(router: express.Router) {
  const app = express();
  app.use('/dashboard', router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dashboard`;
  return { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A JSON body, untyped (the assertions say what it holds). */
const json = (r: Response): Promise<any> => r.json();

let dir: string;
beforeAll(() => {
  dir = fakeBuild();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the dashboard’s static files (/dashboard)', () => {
  it('sends the page revalidated every load, hashed assets cached for a year, both gzipped when accepted', async () => {
    const s = await serve(dashboardRouter({ dir }));
    try {
      const page = await fetch(`${s.base}/`, { headers: { 'accept-encoding': 'gzip' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('content-encoding')).toBe('gzip');
      expect(page.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
      expect(await page.text()).toContain('index-abc123.js'); // fetch decodes the gzip
      const js = await fetch(`${s.base}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
      expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(js.headers.get('content-encoding')).toBe('gzip');
      expect(js.headers.get('vary')).toBe('Accept-Encoding');
      const plain = await fetch(`${s.base}/assets/index-abc123.js`, {
        headers: { 'accept-encoding': 'identity' },
      });
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const font = await fetch(`${s.base}/assets/font-abc123.woff2`);
      expect(font.headers.get('content-type')).toBe('font/woff2');
      expect((await fetch(`${s.base}/assets/missing.js`)).status).toBe(404);
      expect([403, 404]).toContain((await fetch(`${s.base}/assets/..%2f..%2fetc%2fpasswd`)).status);
    } finally {
      await s.close();
    }
  });

  it('only allows its own origin in the CSP', () => {
    expect(DASHBOARD_CSP).toContain("default-src 'self'");
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).toContain("frame-ancestors 'none'");
    expect(DASHBOARD_CSP).not.toMatch(/unsafe|https?:|\*/);
  });

  it('says how to build the page when it is not built', async () => {
    const s = await serve(dashboardRouter({ dir: null }));
    try {
      const res = await fetch(`${s.base}/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build -w @smss/dashboard');
    } finally {
      await s.close();
    }
  });
});

describe('the dashboard’s development sign-in (/dashboard/dev-token)', () => {
  it('is refused where it is not enabled (production: no development secret)', async () => {
    const s = await serve(dashboardRouter({ dir }));
    try {
      const get = await fetch(`${s.base}/dev-token`);
      expect(get.status).toBe(404);
      const post = await fetch(`${s.base}/dev-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'obec-admin' }),
      });
      expect(post.status).toBe(404);
      expect((await json(post)).errors[0].extensions).toMatchObject({
        code: 'NOT_FOUND',
        messageTh: expect.any(String),
      });
    } finally {
      await s.close();
    }
  });

  it('lists the roles and mints a token the gateway accepts, with the token command’s defaults', async () => {
    const s = await serve(dashboardRouter({ dir, devTokens: { tokens: TOKENS } }));
    try {
      const roles = (await json(await fetch(`${s.base}/dev-token`))).roles;
      expect(roles).toContainEqual(expect.objectContaining({ role: 'area-officer', defaultOrg: '1601' }));
      const res = await fetch(`${s.base}/dev-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'partner' }),
      });
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = await json(res);
      expect(body).toMatchObject({ role: 'partner', orgCode: 'EEF' });
      const viewer = await verifyToken(body.token, TOKENS);
      expect(viewer).toMatchObject({ role: 'partner', orgCode: 'EEF', level: 'PARTNER' });
      const bad = await fetch(`${s.base}/dev-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'root' }),
      });
      expect(bad.status).toBe(400);
      expect((await json(bad)).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    } finally {
      await s.close();
    }
  });
});
