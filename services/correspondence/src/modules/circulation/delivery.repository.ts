import type { MaybeViewer } from '@smss/auth';
import { onlyUuids } from '@smss/db';
import { isoTimestamp } from '@smss/thai';
import type { DataSource, EntityManager } from 'typeorm';
import { deliveryScopeSql, Params } from '../access/sql-scope';
import type { Delivery, DeliveryStatus, Endorsement, Recipient } from './delivery.types';

interface DeliveryRow extends Omit<
  Delivery,
  'sentAt' | 'dueAt' | 'receivedAt' | 'acknowledgedAt' | 'overdue'
> {
  sentAt: Date;
  dueAt: Date | null;
  receivedAt: Date | null;
  acknowledgedAt: Date | null;
}

const toDelivery = (r: DeliveryRow, now: Date): Delivery => ({
  ...r,
  overdue: !r.acknowledgedAt && !!r.dueAt && r.dueAt < now,
  sentAt: r.sentAt.toISOString(),
  dueAt: isoTimestamp(r.dueAt),
  receivedAt: isoTimestamp(r.receivedAt),
  acknowledgedAt: isoTimestamp(r.acknowledgedAt),
});

const SELECT = `
  SELECT d.id, d.letter_id AS "letterId", d.recipient_org AS "recipientOrg", d.recipient_school_id AS "recipientSchoolId",
         d.recipient_area AS "recipientArea", d.sender_org AS "senderOrg", d.parent_id AS "parentId",
         l.document_number AS "documentNumber", l.urgency, l.secrecy, d.channel,
         CASE WHEN d.acknowledged_at IS NOT NULL THEN 'ACKNOWLEDGED' WHEN d.received_at IS NOT NULL THEN 'RECEIVED' ELSE 'SENT' END AS status,
         d.sent_at AS "sentAt", d.due_at AS "dueAt",
         d.received_at AS "receivedAt", re.number AS "receiveRegisterNumber",
         d.acknowledged_at AS "acknowledgedAt", d.acknowledged_by AS "acknowledgedBy",
         d.acknowledgement_note AS "acknowledgementNote"
    FROM delivery d
    JOIN letter l ON l.id = d.letter_id
    LEFT JOIN register_entry re ON re.delivery_id = d.id`;

const STATUS_SQL: Record<DeliveryStatus, string> = {
  SENT: 'd.received_at IS NULL AND d.acknowledged_at IS NULL',
  RECEIVED: 'd.received_at IS NOT NULL AND d.acknowledged_at IS NULL',
  ACKNOWLEDGED: 'd.acknowledged_at IS NOT NULL',
};

export interface DeliveryQuery {
  recipientOrg?: string;
  letterId?: string;
  status?: DeliveryStatus | null;
  unacknowledgedOnly?: boolean | null;
  overdueOnly?: boolean;
  /** Overdue lists: the organisation's own sent letters and those circulated to it or below it. */
  concerning?: string | null;
}

export interface Counts {
  recipients: number;
  received: number;
  acknowledged: number;
  overdue: number;
}

/** SQL of deliveries and endorsements. */
export class DeliveryRepository {
  /** `clock`: the service's time (tests move it); "overdue" is judged against it, not the database's now(). */
  constructor(
    private readonly db: DataSource,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async byIds(ids: readonly string[], manager: EntityManager = this.db.manager): Promise<Delivery[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    const rows: DeliveryRow[] = await manager.query(`${SELECT} WHERE d.id = ANY($1::uuid[])`, [valid]);
    return rows.map((r) => toDelivery(r, this.clock()));
  }

  /** Which of these deliveries the viewer may see (the same rule as the lists). */
  async visibleIds(
    viewer: MaybeViewer,
    ids: readonly string[],
    manager: EntityManager = this.db.manager,
  ): Promise<Set<string>> {
    const valid = onlyUuids(ids);
    if (!valid.length) return new Set();
    const p = new Params([valid]);
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT d.id FROM delivery d WHERE d.id = ANY($1::uuid[]) AND ${deliveryScopeSql(viewer, p)}`,
      p.values,
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The delivery row locked for a write (receipt, acknowledgement, endorsement, forwarding). */
  async lock(manager: EntityManager, id: string): Promise<Delivery | null> {
    if (!onlyUuids([id]).length) return null;
    await manager.query(`SELECT 1 FROM delivery WHERE id = $1 FOR UPDATE`, [id]);
    return (await this.byIds([id], manager))[0] ?? null;
  }

  /** A page the viewer may see, filtered (inbox, a letter's circulation, overdue lists). */
  async page(
    viewer: MaybeViewer,
    q: DeliveryQuery,
    page: { limit: number; offset: number },
  ): Promise<{ rows: Delivery[]; total: number }> {
    const p = new Params();
    const where = [deliveryScopeSql(viewer, p)];
    if (q.recipientOrg) where.push(`d.recipient_org = ${p.add(q.recipientOrg)}`);
    if (q.letterId) where.push(`d.letter_id = ${p.add(q.letterId)}::uuid`);
    if (q.status) where.push(STATUS_SQL[q.status]);
    if (q.unacknowledgedOnly) where.push('d.acknowledged_at IS NULL');
    if (q.overdueOnly)
      where.push(`d.acknowledged_at IS NULL AND d.due_at IS NOT NULL AND d.due_at < ${p.add(this.clock())}`);
    if (q.concerning) {
      const org = p.add(q.concerning);
      where.push(`(d.sender_org = ${org} OR d.recipient_org = ${org} OR d.recipient_area = ${org})`);
    }
    const filter = where.join(' AND ');
    const whereValues = [...p.values];
    const order = q.overdueOnly ? 'd.due_at, d.id' : 'd.sent_at DESC, d.id';
    const limit = p.add(page.limit);
    const offset = p.add(page.offset);
    const [rows, [total]] = await Promise.all([
      this.db.query(
        `${SELECT} WHERE ${filter} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
        p.values,
      ) as Promise<DeliveryRow[]>,
      this.db.query(`SELECT count(*)::int AS n FROM delivery d WHERE ${filter}`, whereValues) as Promise<
        Array<{ n: number }>
      >,
    ]);
    return { rows: rows.map((r) => toDelivery(r, this.clock())), total: total?.n ?? 0 };
  }

  /**
   * Circulate a letter: one row per recipient in ONE statement (29,000 schools included), skipping
   * organisations that already have it. Returns the new rows' ids and recipients in insert order.
   */
  async insertMany(
    manager: EntityManager,
    letterId: string,
    senderOrg: string,
    recipients: readonly Recipient[],
    options: { channel: string; sentAt: Date; dueAt: string | null; parentId: string | null },
  ): Promise<Array<{ id: string; recipientOrg: string; recipientArea: string | null }>> {
    if (!recipients.length) return [];
    return manager.query(
      `INSERT INTO delivery (letter_id, recipient_org, recipient_school_id, recipient_area, sender_org, parent_id, channel,
                             sent_at, due_at)
       SELECT $1, u.org, u.school, u.area, $2, $3, $4, $5, $6
         FROM unnest($7::text[], $8::uuid[], $9::text[]) WITH ORDINALITY AS u(org, school, area, n)
        ORDER BY u.n
       ON CONFLICT (letter_id, recipient_org) DO NOTHING
       RETURNING id, recipient_org AS "recipientOrg", recipient_area AS "recipientArea"`,
      [
        letterId,
        senderOrg,
        options.parentId,
        options.channel,
        options.sentAt,
        options.dueAt,
        recipients.map((r) => r.orgCode),
        recipients.map((r) => r.schoolId),
        recipients.map((r) => r.areaCode),
      ],
    );
  }

  async markReceived(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.query(`UPDATE delivery SET received_at = coalesce(received_at, $2) WHERE id = $1`, [
      id,
      at,
    ]);
  }

  async markAcknowledged(manager: EntityManager, id: string, at: Date, by: string, note: string | null) {
    await manager.query(
      `UPDATE delivery SET acknowledged_at = $2, acknowledged_by = $3, acknowledgement_note = $4 WHERE id = $1`,
      [id, at, by, note],
    );
  }

  /** Counts of one letter's circulation, per letter id. */
  async circulationCounts(letterIds: readonly string[]): Promise<Map<string, Counts>> {
    const valid = onlyUuids(letterIds);
    if (!valid.length) return new Map();
    const rows: Array<Counts & { letterId: string }> = await this.db.query(
      `SELECT letter_id AS "letterId", count(*)::int AS recipients,
              count(*) FILTER (WHERE received_at IS NOT NULL OR acknowledged_at IS NOT NULL)::int AS received,
              count(*) FILTER (WHERE acknowledged_at IS NOT NULL)::int AS acknowledged,
              count(*) FILTER (WHERE acknowledged_at IS NULL AND due_at < $2)::int AS overdue
         FROM delivery WHERE letter_id = ANY($1::uuid[]) GROUP BY letter_id`,
      [valid, this.clock()],
    );
    return new Map(rows.map((r) => [r.letterId, r]));
  }

  /**
   * Counts for organisations: `key` is the org code; an area office counts what went to it and to its
   * schools (`recipient_area`), a school what went to it. Optional calendar year (B.E.) of sending.
   */
  async summaries(
    keys: readonly string[],
    year: number | null,
  ): Promise<Map<string, Omit<Counts, 'recipients' | 'acknowledged'> & { unacknowledged: number }>> {
    if (!keys.length) return new Map();
    const areas = keys.filter((k) => /^\d{4}$/.test(k));
    const others = keys.filter((k) => !/^\d{4}$/.test(k));
    const yearSql = year
      ? `AND d.sent_at >= make_timestamptz($2::int - 543, 1, 1, 0, 0, 0, 'Asia/Bangkok')
         AND d.sent_at < make_timestamptz($2::int - 542, 1, 1, 0, 0, 0, 'Asia/Bangkok')`
      : 'AND $2::int IS NULL';
    const agg = `count(*)::int AS received,
                 count(*) FILTER (WHERE d.acknowledged_at IS NULL)::int AS unacknowledged,
                 count(*) FILTER (WHERE d.acknowledged_at IS NULL AND d.due_at < $3)::int AS overdue`;
    const rows: Array<{ key: string; received: number; unacknowledged: number; overdue: number }> = [
      ...(areas.length
        ? await this.db.query(
            `SELECT d.recipient_area AS key, ${agg} FROM delivery d
              WHERE d.recipient_area = ANY($1::text[]) ${yearSql} GROUP BY d.recipient_area`,
            [areas, year, this.clock()],
          )
        : []),
      ...(others.length
        ? await this.db.query(
            `SELECT d.recipient_org AS key, ${agg} FROM delivery d
              WHERE d.recipient_org = ANY($1::text[]) ${yearSql} GROUP BY d.recipient_org`,
            [others, year, this.clock()],
          )
        : []),
    ];
    return new Map(rows.map(({ key, ...c }) => [key, c]));
  }

  // ---- endorsements --------------------------------------------------------------------------------

  async endorsementsOf(deliveryIds: readonly string[]): Promise<Endorsement[]> {
    const valid = onlyUuids(deliveryIds);
    if (!valid.length) return [];
    const rows: Array<Omit<Endorsement, 'decidedAt'> & { decidedAt: Date | null }> = await this.db.query(
      `SELECT e.id, e.delivery_id AS "deliveryId", d.letter_id AS "letterId", d.recipient_org AS "recipientOrg",
              l.secrecy, e.step, e.assigned_role AS "assignedRole", e.assigned_subject AS "assignedTo", e.status,
              e.comment, e.decided_by AS "decidedBy", e.decided_at AS "decidedAt"
         FROM endorsement e JOIN delivery d ON d.id = e.delivery_id JOIN letter l ON l.id = d.letter_id
        WHERE e.delivery_id = ANY($1::uuid[]) ORDER BY e.delivery_id, e.step`,
      [valid],
    );
    return rows.map((r) => ({ ...r, decidedAt: isoTimestamp(r.decidedAt) }));
  }

  async openStep(manager: EntityManager, deliveryId: string) {
    const [row] = await manager.query(
      `SELECT id, step, assigned_role AS "assignedRole", assigned_subject AS "assignedTo"
         FROM endorsement WHERE delivery_id = $1 AND status = 'PENDING'`,
      [deliveryId],
    );
    const [{ last }] = await manager.query(
      `SELECT coalesce(max(step), 0)::int AS last FROM endorsement WHERE delivery_id = $1`,
      [deliveryId],
    );
    return {
      open: (row ?? null) as {
        id: string;
        step: number;
        assignedRole: string | null;
        assignedTo: string | null;
      } | null,
      last: last as number,
    };
  }

  async closeStep(manager: EntityManager, id: string, comment: string, by: string, at: Date) {
    await manager.query(
      `UPDATE endorsement SET status = 'DONE', comment = $2, decided_by = $3, decided_at = $4 WHERE id = $1`,
      [id, comment, by, at],
    );
  }

  async addStep(
    manager: EntityManager,
    step: {
      deliveryId: string;
      step: number;
      role: string | null;
      subject: string | null;
      status: 'PENDING' | 'DONE';
      comment?: string;
      by: string;
      at: Date;
    },
  ) {
    await manager.query(
      `INSERT INTO endorsement (delivery_id, step, assigned_role, assigned_subject, status, comment, decided_by, decided_at, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        step.deliveryId,
        step.step,
        step.role,
        step.subject,
        step.status,
        step.comment ?? null,
        step.status === 'DONE' ? step.by : null,
        step.status === 'DONE' ? step.at : null,
        step.by,
        step.at,
      ],
    );
  }
}
