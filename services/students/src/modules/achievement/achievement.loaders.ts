import DataLoader from 'dataloader';
import type { AchievementService, GpaRow, OnetMeanRow } from './achievement.service';

/** Per-request loaders of the achievement module (`context.ts` builds them): `keyed|by|pipes` batches. */
export function createAchievementLoaders(achievement: AchievementService) {
  return {
    /** "studentId|academicYear|term" → the term's GPA. */
    gpa: new DataLoader<string, GpaRow | null>(async (keys) => {
      const map = new Map((await achievement.gpa(keys)).map((r) => [r.key, r]));
      return keys.map((k) => map.get(k) ?? null);
    }),
    /** "schoolId|academicYear" → O-NET means by subject. */
    onetMeans: new DataLoader<string, OnetMeanRow[]>(async (keys) => {
      const rows = await achievement.onetMeans(keys);
      return keys.map((k) => rows.filter((r) => r.key === k));
    }),
  };
}

export type AchievementLoaders = ReturnType<typeof createAchievementLoaders>;
