import path from 'node:path';
import { z } from 'zod';
import { envBoolean, loadEnvironment } from '@smss/core';
import {
  runtimeConfigFrom,
  serviceEnvironment,
  type DemoData,
  type ServiceRuntimeConfig,
} from '@smss/service-kit';

const schema = z.object({
  ...serviceEnvironment('correspondence', 4006),
  /** Where attachment files are kept (a persistent volume in production). */
  ATTACHMENT_DIR: z
    .string()
    .min(1)
    .default(path.join('.data', 'correspondence', 'attachments')),
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .max(20 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /** E-mail notifications: smtp://user:pass@host:587 (unset: no e-mail). */
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().min(3).default('SMSS สารบรรณ <no-reply@smss.invalid>'),
  /** LINE Messaging API push (unset: no LINE). */
  LINE_CHANNEL_ACCESS_TOKEN: z.string().min(10).optional(),
  LINE_API_URL: z.string().url().default('https://api.line.me'),
  /** Run the notification sender and reminder scan in this process. */
  NOTIFICATIONS: envBoolean(true),
  NOTIFY_POLL_MS: z.coerce.number().int().min(100).default(5000),
});

export interface CorrespondenceConfig extends ServiceRuntimeConfig {
  demoData: DemoData;
  attachmentDir: string;
  maxAttachmentBytes: number;
  smtp?: { url: string; from: string };
  line?: { accessToken: string; apiUrl: string };
  notifications: boolean;
  notifyPollMs: number;
}

/** The only place that reads process.env for the correspondence service. */
export function loadCorrespondenceConfig(
  env: Record<string, string | undefined> = process.env,
): CorrespondenceConfig {
  const e = loadEnvironment(schema, env, 'correspondence');
  return {
    ...runtimeConfigFrom(e, 'correspondence'),
    attachmentDir: path.resolve(e.ATTACHMENT_DIR),
    maxAttachmentBytes: e.ATTACHMENT_MAX_BYTES,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM } : undefined,
    line: e.LINE_CHANNEL_ACCESS_TOKEN
      ? { accessToken: e.LINE_CHANNEL_ACCESS_TOKEN, apiUrl: e.LINE_API_URL }
      : undefined,
    notifications: e.NOTIFICATIONS,
    notifyPollMs: e.NOTIFY_POLL_MS,
  };
}
