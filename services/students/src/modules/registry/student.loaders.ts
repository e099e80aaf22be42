import DataLoader from 'dataloader';
import type { StudentRowScope } from './row-scope';
import type { GradeCounts } from '@smss/events';
import type { StudentRepository, SummaryKey } from './student.repository';
import type { EnrollmentRow, PendingTransferRow, SchoolPlacement, StudentRow } from './student.types';
import type { DmcRepository, DmcSnapshotRow } from '../dmc/dmc.repository';
import type { DmcRoundRow } from '../dmc/dmc.service';

function keyed<T>(load: (keys: readonly string[]) => Promise<T[]>, key: (row: T) => string) {
  return new DataLoader<string, T | null>(async (keys) => {
    const map = new Map((await load(keys)).map((r) => [key(r), r]));
    return keys.map((k) => map.get(k) ?? null);
  });
}

/** Split "key|rest" composite loader keys by their rest, so one statement serves every key sharing it. */
function byRest(composite: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of composite) {
    const i = c.indexOf('|');
    const rest = c.slice(i + 1);
    out.set(rest, [...(out.get(rest) ?? []), c.slice(0, i)]);
  }
  return out;
}

/**
 * Per-request loaders; composite keys are "key|…" so one statement serves many parents. `scope` is the
 * viewer's row scope, used by the list statements (the first wall; the trust layer is the second).
 */
export function createStudentLoaders(
  repo: StudentRepository,
  dmcRepo: DmcRepository,
  scope: StudentRowScope,
) {
  const summary = (kind: SummaryKey) =>
    new DataLoader<string, GradeCounts[]>(async (composite) => {
      const out = new Map<string, GradeCounts[]>();
      for (const [year, keys] of byRest(composite)) {
        for (const { key, ...counts } of await repo.gradeCounts(kind, keys, Number(year))) {
          const k = `${key}|${year}`;
          out.set(k, [...(out.get(k) ?? []), counts]);
        }
      }
      return composite.map((c) => out.get(c) ?? []);
    });
  /** Paged student lists keyed by "schoolId|page spec": one statement per distinct page spec. */
  const studentPages = new DataLoader<string, { rows: StudentRow[]; total: number }>(async (keys) => {
    const out = new Map<string, { rows: StudentRow[]; total: number }>();
    for (const [spec, schoolIds] of byRest(keys)) {
      const { filter, limit, offset } = JSON.parse(spec);
      for (const [id, page] of await repo.schoolStudentPages(schoolIds, filter, limit, offset, scope))
        out.set(`${id}|${spec}`, page);
    }
    return keys.map((k) => out.get(k) ?? { rows: [], total: 0 });
  });
  /** Student totals keyed by "schoolId|filter": one grouped count per distinct filter (no rows). */
  const studentCounts = new DataLoader<string, number>(async (keys) => {
    const out = new Map<string, number>();
    for (const [spec, schoolIds] of byRest(keys)) {
      for (const [id, total] of await repo.schoolStudentCounts(schoolIds, JSON.parse(spec), scope))
        out.set(`${id}|${spec}`, total);
    }
    return keys.map((k) => out.get(k) ?? 0);
  });
  /** DMC snapshots keyed by "schoolId|academicYear" ("schoolId|" for every year). */
  const schoolSnapshots = new DataLoader<string, DmcSnapshotRow[]>(async (keys) => {
    const out = new Map<string, DmcSnapshotRow[]>();
    for (const [year, schoolIds] of byRest(keys)) {
      for (const row of await dmcRepo.snapshotsOfSchools(schoolIds, year === '' ? null : Number(year))) {
        const k = `${row.schoolId}|${year}`;
        out.set(k, [...(out.get(k) ?? []), row]);
      }
    }
    return keys.map((k) => out.get(k) ?? []);
  });
  return {
    studentPages,
    studentCounts,
    schoolSnapshots,
    student: keyed<StudentRow>(
      (ids) => repo.studentsByIds(ids),
      (r) => r.id,
    ),
    enrollments: new DataLoader<string, EnrollmentRow[]>(async (ids) => {
      const rows = await repo.enrollmentsByStudents(ids);
      return ids.map((id) => rows.filter((r) => r.studentId === id));
    }),
    pendingTransfers: new DataLoader<string, PendingTransferRow[]>(async (ids) => {
      const rows = await repo.pendingTransfersOf(ids);
      return ids.map((id) => rows.filter((r) => r.studentId === id));
    }),
    placementById: keyed<SchoolPlacement>(
      (ids) => repo.placementsBy('school_id', ids),
      (r) => r.schoolId,
    ),
    round: keyed<DmcRoundRow>(
      (ids) => dmcRepo.roundsByIds(ids),
      (r) => r.id,
    ),
    snapshotCount: new DataLoader<string, number>(async (roundIds) => {
      const counts = await dmcRepo.snapshotCounts(roundIds);
      return roundIds.map((id) => counts.get(id) ?? 0);
    }),
    schoolSummary: summary('school_id'),
    areaSummary: summary('area_office_code'),
    provinceSummary: summary('province_code'),
  };
}

export type StudentLoaders = ReturnType<typeof createStudentLoaders>;
