import { requireViewer, type MaybeViewer } from '@smss/auth';
import { parseInput } from '@smss/core';
import { z } from 'zod';
import { ownOrg } from '../access/organisations';
import type { NotificationPreferences, NotificationRepository } from './notification.repository';

const schema = z.object({
  email: z.email().max(254).nullish(),
  lineUserId: z
    .string()
    .regex(/^U[0-9a-f]{32}$/, 'must be a LINE user id (U followed by 32 hex digits)')
    .nullish(),
  onDispatch: z.boolean(),
  onDueReminder: z.boolean(),
  onUrgentDeadline: z.boolean(),
});
const THAI = {
  email: 'อีเมลไม่ถูกต้อง',
  lineUserId: 'LINE user id ต้องขึ้นต้นด้วย U ตามด้วยเลขฐานสิบหก 32 หลัก',
};

/** Each person's own notification settings: nobody sets or reads another's. */
export class PreferenceService {
  constructor(private readonly repo: NotificationRepository) {}

  async mine(viewer: MaybeViewer): Promise<NotificationPreferences | null> {
    const v = requireViewer(viewer);
    return (await this.repo.preferencesOf([v.subject]))[0] ?? null;
  }

  async set(viewerOrAnon: MaybeViewer, input: unknown): Promise<NotificationPreferences> {
    const viewer = requireViewer(viewerOrAnon);
    const v = parseInput(schema, input, THAI);
    const prefs: NotificationPreferences = {
      subject: viewer.subject,
      orgCode: ownOrg(viewer),
      email: v.email ?? null,
      lineUserId: v.lineUserId ?? null,
      onDispatch: v.onDispatch,
      onDueReminder: v.onDueReminder,
      onUrgentDeadline: v.onUrgentDeadline,
    };
    await this.repo.savePreferences(prefs);
    return prefs;
  }
}
