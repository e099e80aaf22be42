import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '@smss/service-kit';
import { AgreementRepository } from './modules/agreements/agreement.repository';
import { AgreementService } from './modules/agreements/agreement.service';
import type { AgreementChange, RegisteredOperation } from './modules/agreements/agreement.types';
import { ChangeRepository } from './modules/changes/change.repository';
import { ChangeService } from './modules/changes/change.service';
import { ExportJobRepository } from './modules/exports/export-job.repository';
import type { ExportJobService } from './modules/exports/export-job.service';
import type { ExportRuntime } from './modules/exports/export-runtime';

export interface Repositories {
  agreements: AgreementRepository;
  changes: ChangeRepository;
  exportJobs: ExportJobRepository;
}

export interface Services {
  agreements: AgreementService;
  changes: ChangeService;
  exports: ExportJobService;
}

export interface Loaders {
  operations: DataLoader<string, RegisteredOperation[]>;
  history: DataLoader<string, AgreementChange[]>;
}

export interface ExchangeContext extends RequestContext {
  repos: Repositories;
  services: Services;
  loaders: Loaders;
}

/** What the service is built with (the composition root's inputs). */
export interface ExchangeSettings {
  pseudonymKey: string;
  /** Documents every agreement may run besides its registered ones (the export profiles). */
  platformOperations: () => ReadonlyArray<{ name: string; document: string }>;
  /** The export jobs' worker, download route and link key of this process. */
  exports: ExportRuntime;
}

/** The composition root, per request: repositories, then services, then loaders. */
export function buildExchangeContext(
  base: RequestContext,
  db: DataSource,
  settings: ExchangeSettings,
): ExchangeContext {
  const repos: Repositories = {
    agreements: new AgreementRepository(db),
    changes: new ChangeRepository(db),
    exportJobs: new ExportJobRepository(db),
  };
  return {
    ...base,
    repos,
    services: {
      agreements: new AgreementService(db, repos.agreements, settings.platformOperations),
      changes: new ChangeService(repos.changes, settings.pseudonymKey),
      exports: settings.exports.service(repos.exportJobs),
    },
    loaders: {
      operations: new DataLoader(async (ids) => {
        const byId = await repos.agreements.operationsOf(ids);
        return ids.map((id) => byId.get(id) ?? []);
      }),
      history: new DataLoader(async (ids) => {
        const byId = await repos.agreements.historyOf(ids);
        return ids.map((id) => byId.get(id) ?? []);
      }),
    },
  };
}
