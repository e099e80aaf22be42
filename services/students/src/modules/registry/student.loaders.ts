import DataLoader from 'dataloader';
import type { GradeCounts } from '@smss/events';
import type { StudentRepository, SummaryKey } from './student.repository';
import type { EnrollmentRow, SchoolPlacement, StudentRow } from './student.types';

function keyed<T>(load: (keys: readonly string[]) => Promise<T[]>, key: (row: T) => string) {
  return new DataLoader<string, T | null>(async (keys) => {
    const map = new Map((await load(keys)).map((r) => [key(r), r]));
    return keys.map((k) => map.get(k) ?? null);
  });
}

/** Per-request loaders; summary loaders are keyed "key|year" so one statement serves many parents. */
export function createStudentLoaders(repo: StudentRepository) {
  const summary = (kind: SummaryKey) =>
    new DataLoader<string, GradeCounts[]>(async (composite) => {
      const byYear = new Map<number, string[]>();
      for (const c of composite) {
        const [key, year] = c.split('|');
        byYear.set(Number(year), [...(byYear.get(Number(year)) ?? []), key!]);
      }
      const out = new Map<string, GradeCounts[]>();
      for (const [year, keys] of byYear) {
        for (const { key, ...counts } of await repo.gradeCounts(kind, keys, year)) {
          const k = `${key}|${year}`;
          out.set(k, [...(out.get(k) ?? []), counts]);
        }
      }
      return composite.map((c) => out.get(c) ?? []);
    });
  /** Paged student lists keyed by "schoolId|page spec": one statement per distinct page spec. */
  const studentPages = new DataLoader<string, { rows: StudentRow[]; total: number }>(async (keys) => {
    const bySpec = new Map<string, string[]>();
    for (const k of keys) {
      const [schoolId, spec] = [k.slice(0, k.indexOf('|')), k.slice(k.indexOf('|') + 1)];
      bySpec.set(spec, [...(bySpec.get(spec) ?? []), schoolId]);
    }
    const out = new Map<string, { rows: StudentRow[]; total: number }>();
    for (const [spec, schoolIds] of bySpec) {
      const { filter, limit, offset } = JSON.parse(spec);
      for (const [id, page] of await repo.schoolStudentPages(schoolIds, filter, limit, offset))
        out.set(`${id}|${spec}`, page);
    }
    return keys.map((k) => out.get(k) ?? { rows: [], total: 0 });
  });
  return {
    studentPages,
    student: keyed<StudentRow>(
      (ids) => repo.studentsByIds(ids),
      (r) => r.id,
    ),
    enrollments: new DataLoader<string, EnrollmentRow[]>(async (ids) => {
      const rows = await repo.enrollmentsByStudents(ids);
      return ids.map((id) => rows.filter((r) => r.studentId === id));
    }),
    placementById: keyed<SchoolPlacement>(
      (ids) => repo.placementsBy('school_id', ids),
      (r) => r.schoolId,
    ),
    schoolSummary: summary('school_id'),
    areaSummary: summary('area_office_code'),
    provinceSummary: summary('province_code'),
  };
}

export type StudentLoaders = ReturnType<typeof createStudentLoaders>;
