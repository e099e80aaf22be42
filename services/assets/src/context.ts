import type { DataSource } from 'typeorm';
import { recordVisibility } from '@smss/auth';
import type { RequestContext } from '@smss/service-kit';
import { AssetRepository } from './modules/asset/asset.repository';
import { AssetService } from './modules/asset/asset.service';
import { BuildingRepository } from './modules/building/building.repository';
import { BuildingService } from './modules/building/building.service';
import { SchoolPlacementRepository } from './modules/directory/school-placement.repository';
import { InfrastructureRepository } from './modules/infrastructure/infrastructure.repository';
import { InfrastructureService } from './modules/infrastructure/infrastructure.service';
import { ProcurementRepository } from './modules/procurement/procurement.repository';
import { ProcurementService } from './modules/procurement/procurement.service';
import { referenceFor, type ReferenceRepository } from './modules/reference/reference.repository';
import { StockTakeRepository } from './modules/stock-take/stock-take.repository';
import { StockTakeService } from './modules/stock-take/stock-take.service';
import { SummaryRepository } from './modules/summary/summary.repository';
import { SurveyRepository } from './modules/survey/survey.repository';
import { SurveyService } from './modules/survey/survey.service';
import { createLoaders, type Loaders } from './loaders';

export interface Repositories {
  placements: SchoolPlacementRepository;
  reference: ReferenceRepository;
  buildings: BuildingRepository;
  surveys: SurveyRepository;
  assets: AssetRepository;
  stockTakes: StockTakeRepository;
  procurements: ProcurementRepository;
  infrastructure: InfrastructureRepository;
  summaries: SummaryRepository;
}

export interface Services {
  buildings: BuildingService;
  surveys: SurveyService;
  assets: AssetService;
  stockTakes: StockTakeService;
  procurements: ProcurementService;
  infrastructure: InfrastructureService;
}

export interface AssetsContext extends RequestContext {
  /** Today in Asia/Bangkok, fixed for the request (tests may pin it). */
  today: string;
  repos: Repositories;
  services: Services;
  loaders: Loaders;
}

export function createRepositories(db: DataSource): Repositories {
  return {
    placements: new SchoolPlacementRepository(db),
    reference: referenceFor(db),
    buildings: new BuildingRepository(db),
    surveys: new SurveyRepository(db),
    assets: new AssetRepository(db),
    stockTakes: new StockTakeRepository(db),
    procurements: new ProcurementRepository(db),
    infrastructure: new InfrastructureRepository(db),
    summaries: new SummaryRepository(db),
  };
}

export function createServices(db: DataSource, r: Repositories, today: () => string): Services {
  const assets = new AssetService(db, r.assets, r.placements, r.reference, r.summaries, today);
  return {
    buildings: new BuildingService(db, r.buildings, r.placements, r.reference, r.summaries, today),
    surveys: new SurveyService(db, r.surveys, r.buildings, r.placements, today),
    assets,
    stockTakes: new StockTakeService(db, r.stockTakes, r.assets, r.placements, r.summaries, today),
    procurements: new ProcurementService(
      db,
      r.procurements,
      assets,
      r.placements,
      r.reference,
      r.summaries,
      today,
    ),
    infrastructure: new InfrastructureService(
      db,
      r.infrastructure,
      r.assets,
      r.placements,
      r.summaries,
      today,
    ),
  };
}

/** The composition root, per request: repositories, then services, then loaders. */
export function buildAssetsContext(base: RequestContext, db: DataSource, today: string): AssetsContext {
  const repos = createRepositories(db);
  return {
    ...base,
    today,
    repos,
    services: createServices(db, repos, () => today),
    loaders: createLoaders(repos, recordVisibility(base.viewer), today),
  };
}
