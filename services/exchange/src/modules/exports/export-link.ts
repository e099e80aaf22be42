import { createHmac, timingSafeEqual } from 'node:crypto';

/** The marked development key of download links: refused in production (see environment.ts). */
export const DEV_EXPORT_LINK_KEY = 'dev-only-smss-export-link-key-change-me-in-production!';

/** How long a download link works. */
export const EXPORT_LINK_TTL_SECONDS = 600;

const PREFIX = '/download/exchange/exports';

const mac = (key: string, jobId: string, expires: number, fileName: string): string =>
  createHmac('sha256', key).update(`smss-export-link:${jobId}:${expires}:${fileName}`).digest('hex');

/** `/download/exchange/exports/<jobId>/<expires>/<signature>/<fileName>`, valid for 10 minutes. */
export function signExportLink(
  key: string,
  job: { id: string; fileName: string },
  now: Date = new Date(),
): { path: string; expiresAt: Date } {
  const expires = Math.floor(now.getTime() / 1000) + EXPORT_LINK_TTL_SECONDS;
  const signature = mac(key, job.id, expires, job.fileName);
  return {
    path: `${PREFIX}/${job.id}/${expires}/${signature}/${encodeURIComponent(job.fileName)}`,
    expiresAt: new Date(expires * 1000),
  };
}

export type LinkCheck = 'VALID' | 'BAD_SIGNATURE' | 'EXPIRED';

/** Is this signature ours for exactly this job, expiry and file name, and not yet expired? */
export function checkExportLink(
  key: string,
  parts: { jobId: string; expires: string; signature: string; fileName: string },
  now: Date = new Date(),
): LinkCheck {
  const expires = /^\d{1,12}$/.test(parts.expires) ? Number(parts.expires) : NaN;
  if (!Number.isFinite(expires) || !/^[0-9a-f]{64}$/.test(parts.signature)) return 'BAD_SIGNATURE';
  const expected = Buffer.from(mac(key, parts.jobId, expires, parts.fileName), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(parts.signature, 'hex'))) return 'BAD_SIGNATURE';
  return expires * 1000 < now.getTime() ? 'EXPIRED' : 'VALID';
}
