import DataLoader from 'dataloader';
import type { StudentsContext } from '../../context';
import { StudentService } from '../registry/student.service';
import { StudentRepository } from '../registry/student.repository';
import { DmcService } from '../dmc/dmc.service';
import { AchievementService, type GpaRow, type OnetMeanRow } from '../achievement/achievement.service';
import { HealthService, type MeasurementRow, type NutritionCounts } from './health.service';

/**
 * The health and achievement services and their per-request loaders, made once per request context
 * (kept beside it in a WeakMap, so the shared context file needs no change): `keyed|by|pipes` batches.
 */
export interface HealthAchievementContext {
  health: HealthService;
  achievement: AchievementService;
  measurement: DataLoader<string, MeasurementRow | null>;
  schoolCounts: DataLoader<string, NutritionCounts>;
  areaCounts: DataLoader<string, NutritionCounts>;
  gpa: DataLoader<string, GpaRow | null>;
  onetMeans: DataLoader<string, OnetMeanRow[]>;
}

const perRequest = new WeakMap<object, HealthAchievementContext>();

const byKey = <T extends { key: string }>(keys: readonly string[], rows: T[]) => {
  const map = new Map(rows.map((r) => [r.key, r]));
  return keys.map((k) => map.get(k)!);
};

export function healthAchievementOf(ctx: StudentsContext): HealthAchievementContext {
  const known = perRequest.get(ctx);
  if (known) return known;
  const students =
    ctx.students ??
    new StudentService(ctx.dataSource, new StudentRepository(ctx.dataSource), new DmcService(ctx.dataSource));
  const health = new HealthService(ctx.dataSource, students);
  const achievement = new AchievementService(ctx.dataSource, students);
  const made: HealthAchievementContext = {
    health,
    achievement,
    measurement: new DataLoader(async (keys) => {
      const rows = await health.current(keys);
      const map = new Map(rows.map((r) => [`${r.studentId}|${r.academicYear}|${r.term}`, r]));
      return keys.map((k) => map.get(k) ?? null);
    }),
    schoolCounts: new DataLoader(async (keys) => byKey(keys, await health.counts('school', keys))),
    areaCounts: new DataLoader(async (keys) => byKey(keys, await health.counts('area', keys))),
    gpa: new DataLoader(async (keys) => {
      const map = new Map((await achievement.gpa(keys)).map((r) => [r.key, r]));
      return keys.map((k) => map.get(k) ?? null);
    }),
    onetMeans: new DataLoader(async (keys) => {
      const rows = await achievement.onetMeans(keys);
      return keys.map((k) => rows.filter((r) => r.key === k));
    }),
  };
  perRequest.set(ctx, made);
  return made;
}
