import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { conflict, forbidden, notFound, badInput } from '@smss/core';
import { isUuid, returnedRows } from '@smss/db';
import { requireViewer, type MaybeViewer } from '@smss/auth';
import {
  DmcSnapshotPublished,
  enqueueEvents,
  GRADE_LEVELS,
  type DmcRoundKind,
  type GradeCounts,
} from '@smss/events';
import { dmcCalendar } from './dmc.calendar';
import { SNAPSHOT_GRADE_AGGREGATE, SNAPSHOT_SCREENING_JOIN } from '../eef/eef.snapshot';

export interface DmcRoundRow {
  id: string;
  academicYear: number;
  round: DmcRoundKind;
  asOfDate: string;
  windowStart: string;
  windowEnd: string;
  status: 'OPEN' | 'CLOSED';
  closedAt: Date | null;
}

export const ROUND_COLUMNS = `id, academic_year AS "academicYear", round, to_char(as_of_date, 'YYYY-MM-DD') AS "asOfDate",
  to_char(window_start, 'YYYY-MM-DD') AS "windowStart", to_char(window_end, 'YYYY-MM-DD') AS "windowEnd", status,
  closed_at AS "closedAt"`;

const assertObecAdmin = (viewer: MaybeViewer) => {
  const v = requireViewer(viewer);
  if (v.role !== 'obec-admin') {
    throw forbidden(
      'Only OBEC administrators open, close or reopen DMC rounds',
      'เฉพาะผู้ดูแลระบบ สพฐ. เท่านั้นที่เปิด ปิด หรือเปิดรอบ DMC ใหม่ได้',
    );
  }
  return v;
};

/**
 * DMC rounds: open, close (freeze one snapshot per school and publish one event per school),
 * reopen for corrections. Data on or before a closed round's reference date is frozen.
 */
export class DmcService {
  constructor(private readonly db: DataSource) {}

  async rounds(academicYear?: number | null): Promise<DmcRoundRow[]> {
    return this.db.query(
      `SELECT ${ROUND_COLUMNS} FROM dmc_round WHERE $1::int IS NULL OR academic_year = $1 ORDER BY as_of_date DESC`,
      [academicYear ?? null],
    );
  }

  async open(viewer: MaybeViewer, academicYear: number, round: DmcRoundKind): Promise<DmcRoundRow> {
    assertObecAdmin(viewer);
    if (!Number.isInteger(academicYear) || academicYear < 2500 || academicYear > 2700) {
      throw badInput('academicYear must be a B.E. year such as 2569', 'ปีการศึกษาต้องเป็นปี พ.ศ. เช่น 2569');
    }
    const cal = dmcCalendar(academicYear, round);
    const [existing] = await this.db.query(
      `SELECT id FROM dmc_round WHERE academic_year = $1 AND round = $2`,
      [academicYear, round],
    );
    if (existing) {
      throw conflict(
        `Round ${round} of ${academicYear} already exists`,
        `รอบ ${round} ปีการศึกษา ${academicYear} มีอยู่แล้ว`,
      );
    }
    const [row] = await this.db.query(
      `INSERT INTO dmc_round (academic_year, round, as_of_date, window_start, window_end, status)
       VALUES ($1, $2, $3, $4, $5, 'OPEN') RETURNING ${ROUND_COLUMNS}`,
      [academicYear, round, cal.asOfDate, cal.windowStart, cal.windowEnd],
    );
    return row;
  }

  /**
   * Freeze every school's counts as of the reference date and publish one
   * `students.dmc-snapshot.published` per school, all in one transaction with the outbox.
   */
  async close(viewer: MaybeViewer, id: string, correlationId?: string): Promise<DmcRoundRow> {
    assertObecAdmin(viewer);
    return this.db.transaction(async (m) => {
      const [round]: DmcRoundRow[] = isUuid(id)
        ? await m.query(`SELECT ${ROUND_COLUMNS} FROM dmc_round WHERE id = $1 FOR UPDATE`, [id])
        : [];
      if (!round) throw notFound('DMC round', 'รอบ DMC', id);
      if (round.status === 'CLOSED') throw conflict('The round is already closed', 'รอบนี้ปิดไปแล้ว');
      await this.freeze(m, round, correlationId);
      const [closed] = returnedRows<DmcRoundRow>(
        await m.query(
          `UPDATE dmc_round SET status = 'CLOSED', closed_at = now() WHERE id = $1 RETURNING ${ROUND_COLUMNS}`,
          [id],
        ),
      );
      return closed!;
    });
  }

  async reopen(viewer: MaybeViewer, id: string, reason: string): Promise<DmcRoundRow> {
    assertObecAdmin(viewer);
    if (!reason.trim()) throw badInput('A reason is required', 'ต้องระบุเหตุผลในการเปิดรอบใหม่');
    const [round] = isUuid(id) ? await this.db.query(`SELECT status FROM dmc_round WHERE id = $1`, [id]) : [];
    if (!round) throw notFound('DMC round', 'รอบ DMC', id);
    if (round.status !== 'CLOSED')
      throw conflict('Only a closed round can be reopened', 'เปิดใหม่ได้เฉพาะรอบที่ปิดแล้ว');
    const [row] = returnedRows<DmcRoundRow>(
      await this.db.query(
        `UPDATE dmc_round SET status = 'OPEN', reopen_count = reopen_count + 1, reopen_reason = $2 WHERE id = $1
         RETURNING ${ROUND_COLUMNS}`,
        [id, reason.trim()],
      ),
    );
    return row!;
  }

  /** One snapshot per school with enrolments in the year (all schools of the replica get one, zero or not). */
  private async freeze(m: EntityManager, round: DmcRoundRow, correlationId?: string): Promise<void> {
    const rows: Array<GradeCounts & { schoolId: string }> = await m.query(
      `SELECT e.school_id AS "schoolId", ${SNAPSHOT_GRADE_AGGREGATE}
         FROM enrollment e JOIN student s ON s.id = e.student_id ${SNAPSHOT_SCREENING_JOIN}
        WHERE e.academic_year = $1 AND e.started_on <= $2 AND (e.ended_on IS NULL OR e.ended_on > $2)
        GROUP BY e.school_id, e.grade_level`,
      [round.academicYear, round.asOfDate],
    );
    const bySchool = new Map<string, GradeCounts[]>();
    for (const { schoolId, ...counts } of rows)
      bySchool.set(schoolId, [...(bySchool.get(schoolId) ?? []), counts]);
    const schools: Array<{
      schoolId: string;
      schoolCode: string;
      areaOfficeCode: string;
      provinceCode: string;
      version: number;
    }> = await m.query(
      `SELECT r.school_id AS "schoolId", r.obec_code AS "schoolCode", r.area_office_code AS "areaOfficeCode",
                r.province_code AS "provinceCode",
                coalesce((SELECT max(version) FROM dmc_snapshot d WHERE d.round_id = $1 AND d.school_id = r.school_id), 0) + 1 AS version
           FROM directory_school_replica r
          WHERE r.status = 'OPEN' OR r.school_id = ANY($2::uuid[])`,
      [round.id, [...bySchool.keys()]],
    );
    const order = new Map(GRADE_LEVELS.map((g, i) => [g, i]));
    const snapshots = schools.map((s) => {
      const grades = (bySchool.get(s.schoolId) ?? []).sort(
        (a, b) => order.get(a.gradeLevel)! - order.get(b.gradeLevel)!,
      );
      return { ...s, id: randomUUID(), grades, total: grades.reduce((n, g) => n + g.male + g.female, 0) };
    });
    for (let i = 0; i < snapshots.length; i += 2000) {
      const part = snapshots.slice(i, i + 2000);
      await m.query(
        `INSERT INTO dmc_snapshot (id, round_id, school_id, school_code, area_office_code, province_code, version, total_students, grades)
         SELECT u.id, $1, u.school_id, u.code, u.area, u.province, u.version, u.total, u.grades
           FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::jsonb[])
             AS u(id, school_id, code, area, province, version, total, grades)`,
        [
          round.id,
          part.map((s) => s.id),
          part.map((s) => s.schoolId),
          part.map((s) => s.schoolCode),
          part.map((s) => s.areaOfficeCode),
          part.map((s) => s.provinceCode),
          part.map((s) => s.version),
          part.map((s) => s.total),
          part.map((s) => JSON.stringify(s.grades)),
        ],
      );
    }
    await enqueueEvents(
      m,
      DmcSnapshotPublished,
      snapshots.map((s) => ({
        aggregateId: s.schoolId,
        meta: correlationId ? { correlationId } : {},
        payload: {
          snapshotId: s.id,
          roundId: round.id,
          academicYear: round.academicYear,
          round: round.round,
          asOfDate: round.asOfDate,
          schoolId: s.schoolId,
          schoolCode: s.schoolCode,
          areaOfficeCode: s.areaOfficeCode,
          provinceCode: s.provinceCode,
          snapshotVersion: Number(s.version),
          grades: s.grades,
          totalStudents: s.total,
        },
      })),
    );
  }

  /** Refuse a change dated on or before the reference date of a closed round of the same year. */
  async assertNotFrozen(m: EntityManager, academicYear: number, effectiveDate: string): Promise<void> {
    const [closed] = await m.query(
      `SELECT round, to_char(as_of_date, 'YYYY-MM-DD') AS "asOfDate" FROM dmc_round
        WHERE academic_year = $1 AND status = 'CLOSED' AND as_of_date >= $2::date ORDER BY as_of_date LIMIT 1`,
      [academicYear, effectiveDate],
    );
    if (closed) {
      throw conflict(
        `DMC round ${closed.round} of ${academicYear} is closed: data as of ${closed.asOfDate} is frozen; OBEC must reopen it`,
        `รอบ DMC ${closed.round} ปีการศึกษา ${academicYear} ปิดแล้ว ข้อมูล ณ วันที่ ${closed.asOfDate} ถูกตรึงไว้ ต้องให้ สพฐ. เปิดรอบใหม่ก่อน`,
        { reason: 'DMC_ROUND_CLOSED' },
      );
    }
  }
}
