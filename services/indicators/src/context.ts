import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '@smss/service-kit';
import type { Organisation } from './modules/access/organisation';
import { CatalogueRepository } from './modules/catalogue/catalogue.repository';
import { CatalogueService } from './modules/catalogue/catalogue.service';
import type { IndicatorRecord } from './modules/catalogue/catalogue.types';
import { SchoolPlacementRepository } from './modules/directory/school-placement.repository';
import { EvidenceRepository, type EvidenceRecord } from './modules/evidence/evidence.repository';
import { EvidenceService } from './modules/evidence/evidence.service';
import { ExportRepository } from './modules/exports/export.repository';
import { ExportService } from './modules/exports/export.service';
import { MeasureRepository } from './modules/measures/measure.repository';
import { MeasureService } from './modules/measures/measure.service';
import { PmqaRepository } from './modules/pmqa/pmqa.repository';
import { PmqaService } from './modules/pmqa/pmqa.service';
import { ResultRepository } from './modules/results/result.repository';
import { ResultService } from './modules/results/result.service';
import type { ResultHistoryEntry, ResultRecord } from './modules/results/result.types';
import { RoundRepository } from './modules/rounds/round.repository';
import type { ReportingRoundRecord } from './modules/rounds/round.rules';
import { RoundService } from './modules/rounds/round.service';
import { ScoreCardService, type CardArgs, type ScoreCard } from './modules/scores/score-card.service';

export interface Repositories {
  placements: SchoolPlacementRepository;
  catalogue: CatalogueRepository;
  rounds: RoundRepository;
  results: ResultRepository;
  evidence: EvidenceRepository;
  measures: MeasureRepository;
  pmqa: PmqaRepository;
  exports: ExportRepository;
}

export interface Services {
  catalogue: CatalogueService;
  rounds: RoundService;
  results: ResultService;
  evidence: EvidenceService;
  measures: MeasureService;
  scoreCards: ScoreCardService;
  pmqa: PmqaService;
  exports: ExportService;
}

export interface DomainOptions {
  /** How long an export's download link works (seconds). */
  exportTtlSeconds: number;
}

/** Repositories, then services: what the resolvers, the HTTP routes, the demo and the bench all use. */
export function createIndicatorsDomain(db: DataSource, options: DomainOptions): { repos: Repositories; services: Services } {
  const repos: Repositories = {
    placements: new SchoolPlacementRepository(db),
    catalogue: new CatalogueRepository(db),
    rounds: new RoundRepository(db),
    results: new ResultRepository(db),
    evidence: new EvidenceRepository(db),
    measures: new MeasureRepository(db),
    pmqa: new PmqaRepository(db),
    exports: new ExportRepository(db),
  };
  const scoreCards = new ScoreCardService(repos.catalogue, repos.results, repos.rounds, repos.placements);
  const pmqa = new PmqaService(db, repos.pmqa, repos.catalogue, repos.placements, repos.evidence);
  const services: Services = {
    catalogue: new CatalogueService(db, repos.catalogue, repos.rounds, repos.results),
    rounds: new RoundService(db, repos.rounds),
    results: new ResultService(
      db,
      repos.results,
      repos.catalogue,
      repos.rounds,
      repos.placements,
      repos.evidence,
      repos.measures,
    ),
    evidence: new EvidenceService(repos.evidence, repos.placements),
    measures: new MeasureService(repos.measures, repos.placements),
    scoreCards,
    pmqa,
    exports: new ExportService({
      placements: repos.placements,
      scoreCards,
      results: repos.results,
      rounds: repos.rounds,
      pmqa,
      pmqaRepo: repos.pmqa,
      exports: repos.exports,
      ttlSeconds: options.exportTtlSeconds,
    }),
  };
  return { repos, services };
}

const byKey = <K, V>(keys: readonly K[], rows: V[], keyOf: (v: V) => K, missing: V | null = null) => {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? missing);
};

const groupBy = <K, V>(keys: readonly K[], rows: V[], keyOf: (v: V) => K): V[][] => {
  const map = new Map<K, V[]>();
  for (const r of rows) map.set(keyOf(r), [...(map.get(keyOf(r)) ?? []), r]);
  return keys.map((k) => map.get(k) ?? []);
};

/**
 * Per-request loaders: however many parents (or `_entities` representations) ask, one SQL statement per
 * kind of lookup, results in the order of the keys (null for unknown ids).
 */
export function createLoaders(repos: Repositories, services: Services) {
  return {
    indicator: new DataLoader<string, IndicatorRecord | null>(async (ids) =>
      byKey(ids, await repos.catalogue.byIds(ids), (r) => r.id),
    ),
    result: new DataLoader<string, ResultRecord | null>(async (ids) =>
      byKey(ids, await repos.results.byIds(ids), (r) => r.id),
    ),
    round: new DataLoader<string, ReportingRoundRecord | null>(async (ids) =>
      byKey(ids, await repos.rounds.byIds(ids), (r) => r.id),
    ),
    evidence: new DataLoader<string, EvidenceRecord | null>(async (ids) =>
      byKey(ids, await repos.evidence.byIds(ids), (r) => r.id),
    ),
    resultEvidence: new DataLoader<string, EvidenceRecord[]>(async (resultIds) => {
      const links = await repos.results.evidenceIdsOf(resultIds);
      const files = new Map((await repos.evidence.byIds(links.map((l) => l.fileId))).map((f) => [f.id, f]));
      return groupBy(resultIds, links, (l) => l.resultId).map((ls) => ls.map((l) => files.get(l.fileId)!).filter(Boolean));
    }),
    resultHistory: new DataLoader<string, ResultHistoryEntry[]>(async (resultIds) =>
      groupBy(resultIds, await repos.results.historyOf(resultIds), (h) => h.resultId),
    ),
    organisation: new DataLoader<string, Organisation | null>((codes) => repos.placements.organisations(codes)),
    schoolId: new DataLoader<string, string | null>(async (codes) => {
      const ids = await repos.placements.schoolIds(codes);
      return codes.map((c) => ids.get(c) ?? null);
    }),
    /** Score cards, batched per (year, framework, round): the area ranking is computed once for all. */
    scoreCard: new DataLoader<{ org: Organisation } & CardArgs, ScoreCard | null, string>(
      async (keys) => {
        const out = new Map<string, ScoreCard | null>();
        const groups = new Map<string, Array<{ org: Organisation } & CardArgs>>();
        for (const k of keys) {
          const g = `${k.fiscalYear}|${k.framework}|${k.roundMonth}`;
          groups.set(g, [...(groups.get(g) ?? []), k]);
        }
        for (const group of groups.values()) {
          const cards = await services.scoreCards.cards(
            group.map((k) => k.org),
            group[0]!,
          );
          group.forEach((k, i) => out.set(scoreCardKey(k), cards[i] ?? null));
        }
        return keys.map((k) => out.get(scoreCardKey(k)) ?? null);
      },
      { cacheKeyFn: (k) => scoreCardKey(k) },
    ),
  };
}

const scoreCardKey = (k: { org: Organisation } & CardArgs) =>
  `${k.org.code}|${k.fiscalYear}|${k.framework}|${k.roundMonth}`;

export type IndicatorsLoaders = ReturnType<typeof createLoaders>;

export interface IndicatorsContext extends RequestContext {
  repos: Repositories;
  services: Services;
  loaders: IndicatorsLoaders;
}

/** The composition root, per request: repositories, then services, then loaders. */
export function buildIndicatorsContext(
  base: RequestContext,
  db: DataSource,
  options: DomainOptions,
): IndicatorsContext {
  const { repos, services } = createIndicatorsDomain(db, options);
  return { ...base, repos, services, loaders: createLoaders(repos, services) };
}
