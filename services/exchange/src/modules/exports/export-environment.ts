import { z } from 'zod';
import { weakSecretReason } from '@smss/auth';
import { DEV_EXPORT_LINK_KEY } from './export-link';
import { DEFAULT_GATEWAY_URL } from './export-runtime';

/** The export jobs' variables (parsed by environment.ts, the only reader of process.env). */
export const exportEnvironment = {
  /** The gateway the export worker sends its pages through, with the requester's token. */
  GATEWAY_URL: z.string().url().default(DEFAULT_GATEWAY_URL),
  /** HMAC-SHA256 key of download links: ≥ 32 characters, required in production. */
  EXPORT_LINK_KEY: z.string().min(32, 'EXPORT_LINK_KEY must be at least 32 characters').optional(),
};

/** In production EXPORT_LINK_KEY is required, and neither the development default nor a weak secret. */
export function refineExportLinkKey(
  e: { NODE_ENV?: string; EXPORT_LINK_KEY?: string },
  ctx: z.RefinementCtx,
): void {
  if (e.NODE_ENV !== 'production') return;
  const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['EXPORT_LINK_KEY'], message });
  if (e.EXPORT_LINK_KEY === undefined) {
    issue(
      'EXPORT_LINK_KEY is required in production (the key of export download links): use `openssl rand -base64 48`',
    );
    return;
  }
  const weak =
    e.EXPORT_LINK_KEY === DEV_EXPORT_LINK_KEY
      ? 'the public development default'
      : weakSecretReason(e.EXPORT_LINK_KEY);
  if (weak) issue(`EXPORT_LINK_KEY is ${weak}: use \`openssl rand -base64 48\``);
}

/** The export settings of the parsed environment. */
export const exportSettingsFrom = (e: { GATEWAY_URL: string; EXPORT_LINK_KEY?: string }) => ({
  gatewayUrl: e.GATEWAY_URL,
  linkKey: e.EXPORT_LINK_KEY ?? DEV_EXPORT_LINK_KEY,
});
