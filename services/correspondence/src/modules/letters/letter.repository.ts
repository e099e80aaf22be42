import type { MaybeViewer } from '@smss/auth';
import { onlyUuids } from '@smss/db';
import { isoTimestamp } from '@smss/thai';
import type { DataSource, EntityManager } from 'typeorm';
import { clearedSql, letterScopeSql, Params } from '../access/sql-scope';
import { registerYearOf } from '../registers/numbering';
import type { Letter, LetterFilter, NewLetter } from './letter.types';

interface LetterRow extends Omit<Letter, 'dueAt' | 'createdAt' | 'recordedYear'> {
  dueAt: Date | null;
  createdAt: Date;
}

/** The one mapper: which columns leave the service, and in what shape. */
const toLetter = (r: LetterRow): Letter => ({
  ...r,
  dueAt: isoTimestamp(r.dueAt),
  createdAt: r.createdAt.toISOString(),
  recordedYear: registerYearOf(r.createdAt),
});

const SELECT = `
  SELECT l.id, l.holder_org AS "holderOrg", hd.school_id AS "holderSchoolId",
         CASE WHEN l.holder_org ~ '^[0-9]{4}$' THEN l.holder_org ELSE hd.area_office_code END AS "holderAreaCode",
         l.external, l.kind, l.form, l.document_number AS "documentNumber",
         to_char(l.letter_date, 'YYYY-MM-DD') AS "letterDate", l.subject, l.from_text AS "fromText",
         l.to_text AS "toText", l.reference, l.enclosures, l.body, l.signed_by AS "signedBy",
         l.signer_position AS "signerPosition", l.urgency, l.due_at AS "dueAt", l.secrecy, l.channel, l.circular,
         l.retention_code AS "retentionClass", rr.years AS "retentionYears", l.created_by AS "createdBy",
         l.created_at AS "createdAt"
    FROM letter l
    JOIN retention_rule rr ON rr.code = l.retention_code
    LEFT JOIN directory_school_replica hd ON hd.obec_code = l.holder_org`;

const SEARCH_EXPR = `(l.subject || ' ' || coalesce(l.document_number, '') || ' ' || l.from_text || ' ' || l.to_text)`;
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** SQL of letters; every lookup takes many keys, so a loader turns N parents into one statement. */
export class LetterRepository {
  constructor(private readonly db: DataSource) {}

  async byIds(ids: readonly string[], manager: EntityManager = this.db.manager): Promise<Letter[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    const rows: LetterRow[] = await manager.query(`${SELECT} WHERE l.id = ANY($1::uuid[])`, [valid]);
    return rows.map(toLetter);
  }

  /** A page of what the viewer may see (the trust layer's rules as SQL), newest first or best match first. */
  async page(
    viewer: MaybeViewer,
    filter: LetterFilter,
    page: { limit: number; offset: number },
  ): Promise<{ rows: Letter[]; total: number }> {
    const p = new Params();
    const where = [letterScopeSql(viewer, p)];
    if (filter.holderOrgCode) where.push(`l.holder_org = ${p.add(filter.holderOrgCode)}`);
    if (filter.kind) where.push(`l.kind = ${p.add(filter.kind)}`);
    if (filter.urgency) where.push(`l.urgency = ${p.add(filter.urgency)}`);
    if (filter.secrecy) where.push(`l.secrecy = ${p.add(filter.secrecy)}`);
    if (filter.from) where.push(`l.letter_date >= ${p.add(filter.from)}::date`);
    if (filter.to) where.push(`l.letter_date <= ${p.add(filter.to)}::date`);
    if (filter.search) where.push(`${SEARCH_EXPR} ILIKE '%' || ${p.add(likeEscape(filter.search))} || '%'`);
    const whereValues = [...p.values];
    const order = filter.search
      ? `similarity(${SEARCH_EXPR}, ${p.add(filter.search)}) DESC, l.created_at DESC, l.id`
      : 'l.created_at DESC, l.id';
    const sql = `${SELECT} WHERE ${where.join(' AND ')}`;
    const limit = p.add(page.limit);
    const offset = p.add(page.offset);
    const [rows, [total]] = await Promise.all([
      this.db.query(`${sql} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`, p.values) as Promise<
        LetterRow[]
      >,
      this.db.query(
        `SELECT count(*)::int AS n FROM letter l LEFT JOIN directory_school_replica hd ON hd.obec_code = l.holder_org
          WHERE ${where.join(' AND ')}`,
        whereValues,
      ) as Promise<Array<{ n: number }>>,
    ]);
    return { rows: rows.map(toLetter), total: total?.n ?? 0 };
  }

  /** Which of these secret letters the viewer is cleared for. */
  async clearedIds(viewer: MaybeViewer, ids: readonly string[]): Promise<Set<string>> {
    const valid = onlyUuids(ids);
    if (!valid.length) return new Set();
    const p = new Params([valid]);
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT l.id FROM letter l WHERE l.id = ANY($1::uuid[]) AND ${clearedSql(viewer, p)}`,
      p.values,
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Which of these letters were circulated to the viewer's organisation (a school) or area (an area office). */
  async reachedIds(viewer: MaybeViewer, ids: readonly string[]): Promise<Set<string>> {
    const valid = onlyUuids(ids);
    if (!valid.length || !viewer.authenticated || (viewer.level !== 'AREA' && viewer.level !== 'SCHOOL'))
      return new Set();
    const column = viewer.level === 'AREA' ? 'recipient_area' : 'recipient_org';
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT DISTINCT letter_id AS id FROM delivery WHERE letter_id = ANY($1::uuid[]) AND ${column} = $2`,
      [valid, viewer.orgCode],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Insert inside the caller's transaction. */
  async insert(manager: EntityManager, l: NewLetter): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO letter (holder_org, external, kind, form, document_number, letter_date, subject, from_text, to_text,
                           reference, enclosures, body, signed_by, signer_position, urgency, due_at, secrecy, channel,
                           circular, retention_code, created_by, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22) RETURNING id`,
      [
        l.holderOrg,
        l.external,
        l.kind,
        l.form,
        l.documentNumber,
        l.letterDate,
        l.subject,
        l.fromText,
        l.toText,
        l.reference,
        l.enclosures,
        l.body,
        l.signedBy,
        l.signerPosition,
        l.urgency,
        l.dueAt,
        l.secrecy,
        l.channel,
        l.circular,
        l.retentionClass,
        l.createdBy,
        l.createdAt,
      ],
    );
    return row!.id;
  }

  async setDocumentNumber(manager: EntityManager, id: string, documentNumber: string): Promise<void> {
    await manager.query(`UPDATE letter SET document_number = $2 WHERE id = $1`, [id, documentNumber]);
  }

  /** People cleared for a secret letter by name (its author, named recipients, routed endorsers). */
  async addNamedPersons(
    manager: EntityManager,
    letterId: string,
    subjects: readonly string[],
  ): Promise<void> {
    if (!subjects.length) return;
    await manager.query(
      `INSERT INTO letter_named_person (letter_id, subject) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [letterId, [...new Set(subjects)]],
    );
  }

  async retentionRule(code: string): Promise<{ code: string; years: number | null } | null> {
    const [row] = await this.db.query(`SELECT code, years FROM retention_rule WHERE code = $1`, [code]);
    return row ?? null;
  }
}
