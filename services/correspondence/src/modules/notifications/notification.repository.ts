import type { DataSource, EntityManager } from 'typeorm';

export interface NotificationPreferences {
  subject: string;
  orgCode: string;
  email: string | null;
  lineUserId: string | null;
  onDispatch: boolean;
  onDueReminder: boolean;
  onUrgentDeadline: boolean;
}

export type NotificationKind = 'DISPATCHED' | 'DUE_REMINDER' | 'URGENT_DEADLINE';

/** A notification waiting to go out, with what its message needs. */
export interface PendingNotification {
  id: string;
  kind: NotificationKind;
  channel: 'EMAIL' | 'LINE';
  address: string;
  attempts: number;
  deliveryId: string;
  recipientOrg: string;
  senderOrg: string;
  documentNumber: string | null;
  subject: string;
  urgency: string;
  secrecy: string;
  dueAt: Date | null;
}

/** One row per channel with an address, per person who asked for it. */
const FAN_OUT = `CROSS JOIN LATERAL (VALUES ('EMAIL', p.email), ('LINE', p.line_user_id)) AS c(channel, address)`;

/** Preferences and the notification outbox: rows are written in the transaction that caused them. */
export class NotificationRepository {
  constructor(private readonly db: DataSource) {}

  async preferencesOf(subjects: readonly string[]): Promise<NotificationPreferences[]> {
    if (!subjects.length) return [];
    return this.db.query(
      `SELECT subject, org_code AS "orgCode", email, line_user_id AS "lineUserId", on_dispatch AS "onDispatch",
              on_due_reminder AS "onDueReminder", on_urgent_deadline AS "onUrgentDeadline"
         FROM notification_preference WHERE subject = ANY($1::text[])`,
      [subjects],
    );
  }

  async savePreferences(p: NotificationPreferences): Promise<void> {
    await this.db.query(
      `INSERT INTO notification_preference (subject, org_code, email, line_user_id, on_dispatch, on_due_reminder, on_urgent_deadline)
       VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (subject) DO UPDATE SET org_code = EXCLUDED.org_code, email = EXCLUDED.email,
         line_user_id = EXCLUDED.line_user_id, on_dispatch = EXCLUDED.on_dispatch,
         on_due_reminder = EXCLUDED.on_due_reminder, on_urgent_deadline = EXCLUDED.on_urgent_deadline, updated_at = now()`,
      [p.subject, p.orgCode, p.email, p.lineUserId, p.onDispatch, p.onDueReminder, p.onUrgentDeadline],
    );
  }

  /** "A letter reached your organisation", for everyone there who asked, in the dispatching transaction. */
  async enqueueDispatched(manager: EntityManager, deliveryIds: readonly string[], at: Date): Promise<number> {
    if (!deliveryIds.length) return 0;
    const rows = await manager.query(
      `INSERT INTO notification (kind, delivery_id, subject, channel, address, created_at, next_attempt_at)
       SELECT 'DISPATCHED', d.id, p.subject, c.channel, c.address, $2, $2
         FROM delivery d
         JOIN notification_preference p ON p.org_code = d.recipient_org AND p.on_dispatch
         ${FAN_OUT}
        WHERE d.id = ANY($1::uuid[]) AND c.address IS NOT NULL
       ON CONFLICT DO NOTHING RETURNING id`,
      [deliveryIds, at],
    );
    return Array.isArray(rows) ? rows.length : 0;
  }

  /**
   * Reminders due at `now`: a day before an acknowledgement falls due, and two hours before the deadline
   * of an urgent letter; each once per delivery, person and channel (the unique key).
   */
  async enqueueReminders(now: Date): Promise<number> {
    const rows = await this.db.query(
      `INSERT INTO notification (kind, delivery_id, subject, channel, address, created_at, next_attempt_at)
       SELECT r.kind, d.id, p.subject, c.channel, c.address, $1, $1
         FROM delivery d
         JOIN letter l ON l.id = d.letter_id
         CROSS JOIN LATERAL (VALUES ('DUE_REMINDER', interval '24 hours'), ('URGENT_DEADLINE', interval '2 hours')) AS r(kind, ahead)
         JOIN notification_preference p ON p.org_code = d.recipient_org
              AND ((r.kind = 'DUE_REMINDER' AND p.on_due_reminder) OR (r.kind = 'URGENT_DEADLINE' AND p.on_urgent_deadline))
         ${FAN_OUT}
        WHERE d.acknowledged_at IS NULL AND d.due_at IS NOT NULL AND d.due_at > $1 AND d.due_at <= $1 + r.ahead
          AND (r.kind = 'DUE_REMINDER' OR l.urgency <> 'NORMAL') AND c.address IS NOT NULL
       ON CONFLICT DO NOTHING RETURNING id`,
      [now],
    );
    return Array.isArray(rows) ? rows.length : 0;
  }

  /** Claim up to `limit` due notifications (several workers may run: SKIP LOCKED), in the caller's transaction. */
  async claim(
    manager: EntityManager,
    now: Date,
    limit: number,
    channels: readonly string[],
  ): Promise<PendingNotification[]> {
    return manager.query(
      `SELECT n.id, n.kind, n.channel, n.address, n.attempts, n.delivery_id AS "deliveryId",
              d.recipient_org AS "recipientOrg", d.sender_org AS "senderOrg", l.document_number AS "documentNumber",
              l.subject, l.urgency, l.secrecy, d.due_at AS "dueAt"
         FROM notification n JOIN delivery d ON d.id = n.delivery_id JOIN letter l ON l.id = d.letter_id
        WHERE n.status = 'PENDING' AND n.next_attempt_at <= $1 AND n.channel = ANY($3::text[])
        ORDER BY n.next_attempt_at, n.id
        LIMIT $2 FOR UPDATE OF n SKIP LOCKED`,
      [now, limit, channels],
    );
  }

  async markSent(manager: EntityManager, id: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE notification SET status = 'SENT', sent_at = $2, attempts = attempts + 1 WHERE id = $1`,
      [id, now],
    );
  }

  async markFailed(manager: EntityManager, id: string, error: string, retryAt: Date | null): Promise<void> {
    await manager.query(
      `UPDATE notification SET attempts = attempts + 1, last_error = $2,
              status = CASE WHEN $3::timestamptz IS NULL THEN 'FAILED' ELSE 'PENDING' END,
              next_attempt_at = coalesce($3::timestamptz, next_attempt_at)
        WHERE id = $1`,
      [id, error.slice(0, 1000), retryAt],
    );
  }
}
