import DataLoader from 'dataloader';
import type { HealthService, MeasurementRow, NutritionCounts } from './health.service';

const byKey = <T extends { key: string }>(keys: readonly string[], rows: T[]) => {
  const map = new Map(rows.map((r) => [r.key, r]));
  return keys.map((k) => map.get(k)!);
};

/** Per-request loaders of the health module (`context.ts` builds them): `keyed|by|pipes` batches. */
export function createHealthLoaders(health: HealthService) {
  return {
    /** "studentId|academicYear|term" → the current measurement. */
    measurement: new DataLoader<string, MeasurementRow | null>(async (keys) => {
      const rows = await health.current(keys);
      const map = new Map(rows.map((r) => [`${r.studentId}|${r.academicYear}|${r.term}`, r]));
      return keys.map((k) => map.get(k) ?? null);
    }),
    /** "schoolId|academicYear|term" → the school's nutrition counts. */
    schoolCounts: new DataLoader<string, NutritionCounts>(async (keys) =>
      byKey(keys, await health.counts('school', keys)),
    ),
    /** "areaOfficeCode|academicYear|term" → the area's nutrition counts. */
    areaCounts: new DataLoader<string, NutritionCounts>(async (keys) =>
      byKey(keys, await health.counts('area', keys)),
    ),
  };
}

export type HealthLoaders = ReturnType<typeof createHealthLoaders>;
