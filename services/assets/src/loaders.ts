import DataLoader from 'dataloader';
import type { VisibilityFilter } from '@smss/auth';
import { keyedLoader } from './modules/common/sql';
import { emptySummary } from './modules/summary/summary.repository';
import type { Repositories } from './context';

/**
 * Per-request loaders: each parent-to-child hop is one SQL statement per kind, however many parents ask
 * (the gateway's `_entities` batches go through the same loaders). Lists filter by the viewer's scope in
 * SQL, so counts are what the viewer may see; the trust layer checks every object again.
 */
export function createLoaders(r: Repositories, scope: VisibilityFilter, today: string) {
  const summaries = (level: 'AREA_OFFICE' | 'PROVINCE') =>
    new DataLoader<string, ReturnType<typeof emptySummary>>(async (keys) => {
      const byYear = new Map<number, string[]>();
      for (const k of keys) {
        const [code, fy] = k.split('|');
        byYear.set(Number(fy), [...(byYear.get(Number(fy)) ?? []), code!]);
      }
      const found = new Map<string, ReturnType<typeof emptySummary>>();
      for (const [fy, codes] of byYear)
        for (const row of await r.summaries.summaries(level, codes, fy)) found.set(`${row.key}|${fy}`, row);
      return keys.map((k) => found.get(k) ?? emptySummary(k.split('|')[0]!, Number(k.split('|')[1])));
    });
  return {
    placement: keyedLoader(
      (ids) => r.placements.byIds(ids),
      (p) => p.schoolId,
    ),
    building: keyedLoader(
      (ids) => r.buildings.byIds(ids),
      (b) => b.id,
    ),
    schoolBuildings: r.buildings.schoolPages(scope),
    buildingRepairs: r.buildings.repairPages(scope),
    round: keyedLoader(
      (ids) => r.surveys.roundsByIds(ids),
      (x) => x.id,
    ),
    survey: keyedLoader(
      (ids) => r.surveys.byIds(ids),
      (s) => s.id,
    ),
    surveyOfSchoolYear: keyedLoader(
      (keys) => r.surveys.bySchoolYears(keys),
      (s) => `${s.schoolId}|${s.fiscalYear}`,
    ),
    roundSurveys: r.surveys.roundPages(scope),
    asset: keyedLoader(
      (ids) => r.assets.byIds(ids),
      (a) => a.id,
    ),
    schoolAssets: r.assets.pages(scope, 'a.school_id'),
    procurementAssets: r.assets.pages(scope, 'a.procurement_id'),
    disposal: keyedLoader(
      (ids) => r.assets.disposalsByIds(ids),
      (d) => d.id,
    ),
    latestDisposal: keyedLoader(
      (ids) => r.assets.latestDisposals(ids),
      (d) => d.assetId,
    ),
    stockTake: keyedLoader(
      (ids) => r.stockTakes.byIds(ids),
      (t) => t.id,
    ),
    stockTakeOfSchoolYear: keyedLoader(
      (keys) => r.stockTakes.bySchoolYears(keys),
      (t) => `${t.schoolId}|${t.fiscalYear}`,
    ),
    stockTakeResults: r.stockTakes.resultPages(scope),
    procurement: keyedLoader(
      (ids) => r.procurements.byIds(ids),
      (p) => p.id,
    ),
    schoolProcurements: r.procurements.schoolPages(scope),
    infrastructure: keyedLoader(
      (ids) => r.infrastructure.bySchoolIds(ids),
      (i) => i.schoolId,
    ),
    teachingComputers: keyedLoader(
      (ids) => r.assets.teachingComputers(ids, today),
      (t) => t.schoolId,
    ),
    areaSummary: summaries('AREA_OFFICE'),
    provinceSummary: summaries('PROVINCE'),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
