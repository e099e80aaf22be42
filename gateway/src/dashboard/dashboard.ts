import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import {
  DEFAULT_SCOPES,
  DEV_TOKEN_DEFAULT_ORG,
  devTokenInput,
  orgLevelOfRole,
  ROLES,
  signToken,
  type TokenSettings,
} from '@smss/auth';
import { AppError, badInput, type Logger } from '@smss/core';

/** The JSON error shape of the gateway's REST routes (as /upload and /download answer). */
const errorBody = (e: AppError) => ({
  errors: [{ message: e.message, extensions: { code: e.code, messageTh: e.messageTh } }],
});

const requireFromHere = createRequire(__filename);

/**
 * The built dashboard (`apps/dashboard`, `vite build` → `dist/`): from the installed workspace
 * package, or beside the gateway's own bundle (tools/src/build.ts copies it into dist/node_modules).
 */
export function dashboardDir(): string | undefined {
  try {
    const dir = path.join(path.dirname(requireFromHere.resolve('@smss/dashboard/package.json')), 'dist');
    return existsSync(path.join(dir, 'index.html')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Only the gateway's own origin: scripts, styles, fonts, images and API calls. No inline script
 * or style element, no framing, no plugins.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html><html lang="th"><meta charset="utf-8"><title>Dashboard not built</title>
<p>ยังไม่ได้สร้างหน้าแดชบอร์ด: <code>npm run build -w @smss/dashboard</code></p>
<p>The dashboard is not built: run <code>npm run build -w @smss/dashboard</code> (npm start does it when missing).</p></html>`;

export interface DashboardOptions {
  /** Where the built files are (default: dashboardDir()); null: not built. */
  dir?: string | null;
  /** Mount the development sign-in (POST /dashboard/dev-token): never in production. */
  devTokens?: { tokens: TokenSettings };
  logger?: Logger;
}

const acceptsGzip = (req: express.Request) => /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));

/**
 * `<file>.gz` (written by the dashboard's build) for a browser that accepts gzip, with the
 * original's Content-Type and the same caching as the original would get.
 */
function precompressed(dir: string): express.RequestHandler {
  const root = path.resolve(dir);
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !acceptsGzip(req) || req.path.endsWith('/'))
      return next();
    let file: string;
    try {
      file = path.resolve(root, `.${decodeURIComponent(req.path)}`);
    } catch {
      return next();
    }
    if (!file.startsWith(root + path.sep) || !existsSync(`${file}.gz`)) return next();
    const hashed = req.path.startsWith('/assets/');
    res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.setHeader('vary', 'Accept-Encoding');
    res.setHeader('content-encoding', 'gzip');
    res.type(path.extname(file));
    res.sendFile(`${file}.gz`);
  };
}

/**
 * The war-room dashboard under /dashboard: `index.html` revalidated on every load, hashed files
 * under `assets/` cached for a year, a same-origin-only CSP on everything. In development only,
 * `GET|POST /dashboard/dev-token` lists the roles and mints a token with the token command's logic.
 */
export function dashboardRouter(options: DashboardOptions = {}): Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.setHeader('content-security-policy', DASHBOARD_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'same-origin');
    next();
  });

  const devTokens = options.devTokens;
  const secret = devTokens?.tokens.secret;
  if (devTokens && secret) {
    const signing = { secret, issuer: devTokens.tokens.issuer, audience: devTokens.tokens.audience };
    router.get('/dev-token', (_req, res) => {
      res.setHeader('cache-control', 'no-store');
      res.json({
        roles: ROLES.map((role) => ({
          role,
          defaultOrg: DEV_TOKEN_DEFAULT_ORG[orgLevelOfRole[role]],
          scopes: DEFAULT_SCOPES[role],
        })),
      });
    });
    router.post('/dev-token', express.json({ limit: '2kb' }), async (req, res) => {
      res.setHeader('cache-control', 'no-store');
      const body = (req.body ?? {}) as { role?: unknown; org?: unknown };
      const org =
        typeof body.org === 'string' && /^[A-Za-z0-9-]{1,20}$/.test(body.org) ? body.org : undefined;
      try {
        const input = devTokenInput({ role: String(body.role ?? ''), org });
        const token = await signToken(input, signing);
        options.logger?.info({ role: input.role, org: input.orgCode }, 'development dashboard token issued');
        res.json({ token, role: input.role, orgCode: input.orgCode, scopes: input.scopes });
      } catch (error) {
        res.status(400).json(errorBody(badInput((error as Error).message, 'ไม่รู้จักบทบาทนี้')));
      }
    });
  } else {
    router.all('/dev-token', (_req, res) => {
      res
        .status(404)
        .json(
          errorBody(
            new AppError(
              'NOT_FOUND',
              'Development sign-in is off: sign in with a token from the identity provider',
              'ปิดการเข้าสู่ระบบแบบทดสอบ: ใช้โทเค็นจากผู้ให้บริการยืนยันตัวตน',
            ),
          ),
        );
    });
  }

  const dir = options.dir === undefined ? dashboardDir() : options.dir;
  if (!dir) {
    router.get(['/', '/index.html'], (_req, res) => void res.status(503).type('html').send(NOT_BUILT));
    return router;
  }
  router.use(precompressed(dir));
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  const sendIndex = (req: express.Request, res: express.Response) => {
    res.setHeader('cache-control', 'no-cache');
    const gz = path.join(dir, 'index.html.gz');
    if (acceptsGzip(req) && existsSync(gz)) {
      res.setHeader('vary', 'Accept-Encoding');
      res.setHeader('content-encoding', 'gzip');
      res.type('html');
      return res.sendFile(gz);
    }
    res.sendFile(path.join(dir, 'index.html'));
  };
  router.get(['/', '/index.html'], sendIndex);
  // Other top-level files (licences, favicon): revalidated like the page.
  router.use(
    express.static(dir, {
      index: false,
      maxAge: 0,
      setHeaders: (res) => res.setHeader('cache-control', 'no-cache'),
    }),
  );
  return router;
}
