import type { DataSource } from 'typeorm';
import { onlyUuids } from '@smss/db';
import type { GradeCounts } from '@smss/events';
import { ROUND_COLUMNS, type DmcRoundRow } from './dmc.service';

export interface DmcSnapshotRow {
  id: string;
  schoolId: string;
  roundId: string;
  version: number;
  totalStudents: number;
  grades: GradeCounts[];
  createdAt: Date;
}

/** Reads of DMC rounds and snapshots, by key arrays so per-request DataLoaders batch them. */
export class DmcRepository {
  constructor(private readonly db: DataSource) {}

  async roundsByIds(ids: readonly string[]): Promise<DmcRoundRow[]> {
    return this.db.query(`SELECT ${ROUND_COLUMNS} FROM dmc_round WHERE id = ANY($1::uuid[])`, [
      onlyUuids(ids),
    ]);
  }

  /** How many schools have a snapshot in each round (one statement for every round of a response). */
  async snapshotCounts(roundIds: readonly string[]): Promise<Map<string, number>> {
    const rows: Array<{ roundId: string; n: number }> = await this.db.query(
      `SELECT round_id AS "roundId", count(DISTINCT school_id)::int AS n FROM dmc_snapshot
        WHERE round_id = ANY($1::uuid[]) GROUP BY round_id`,
      [onlyUuids(roundIds)],
    );
    return new Map(rows.map((r) => [r.roundId, r.n]));
  }

  /** Every snapshot of many schools (optionally of one academic year), newest round and version first. */
  async snapshotsOfSchools(
    schoolIds: readonly string[],
    academicYear: number | null,
  ): Promise<DmcSnapshotRow[]> {
    return this.db.query(
      `SELECT d.id, d.school_id AS "schoolId", d.round_id AS "roundId", d.version, d.total_students AS "totalStudents",
              d.grades, d.created_at AS "createdAt"
         FROM dmc_snapshot d JOIN dmc_round r ON r.id = d.round_id
        WHERE d.school_id = ANY($1::uuid[]) AND ($2::int IS NULL OR r.academic_year = $2)
        ORDER BY d.school_id, r.as_of_date DESC, d.version DESC`,
      [onlyUuids(schoolIds), academicYear],
    );
  }
}
