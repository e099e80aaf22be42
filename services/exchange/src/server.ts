import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { DEV_PSEUDONYM_KEY } from '@smss/core';
import { SCHOOLS_STREAM, STUDENTS_STREAM, upsertReplicaWhenSchoolUpserted } from '@smss/events';
import type { ServiceDefinition, ServiceFactoryOptions } from '@smss/service-kit';
import { buildExchangeContext, type ExchangeContext } from './context';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import type { Agreement } from './modules/agreements/agreement.types';
import type { ChangeRecord } from './modules/changes/change.types';
import {
  recordChangeWhenEnrollmentChanged,
  recordChangeWhenSchoolUpserted,
  recordChangeWhenStudentChanged,
} from './modules/changes/change.handlers';
import { exportOperationDocuments } from './modules/exports/export-profiles';
import { exportJobOwner } from './modules/exports/export-job.service';
import { ExportRuntime, type ExportRuntimeOptions } from './modules/exports/export-runtime';
import type { ExportJob } from './modules/exports/export-job.types';

export const SCHEMA_PATH = path.join(__dirname, '..', 'schema.graphql');
export const typeDefs = parse(readFileSync(SCHEMA_PATH, 'utf8'));

export interface ExchangeServiceOptions extends ServiceFactoryOptions {
  /** Master key of partner pseudonyms (`loadExchangeConfig().pseudonymKey`; default the marked development key). */
  pseudonymKey?: string;
  /** Export jobs: GATEWAY_URL, EXPORT_LINK_KEY (`loadExchangeConfig().exports`), a logger; defaults for development. */
  exports?: ExportRuntimeOptions;
}

/**
 * The exchange subgraph, declared; `bootService` (tests, the launcher, index.ts, the e2e platform) runs it.
 * `durablePrefix` names the durable consumers (default `exchange`); tests on a shared NATS pass a unique
 * one with `deliverPolicy: 'new'`.
 */
export function createExchangeService(
  options: ExchangeServiceOptions = {},
): ServiceDefinition<ExchangeContext> {
  const prefix = options.durablePrefix ?? 'exchange';
  const settings = {
    pseudonymKey: options.pseudonymKey ?? DEV_PSEUDONYM_KEY,
    platformOperations: exportOperationDocuments,
    // The export worker runs in this process: started with the routes, stopped when the subgraph stops.
    exports: new ExportRuntime({ gatewayUrl: options.gatewayUrl, ...options.exports }),
  };
  return {
    name: 'exchange',
    typeDefs,
    resolvers,
    migrations,
    trust: {
      owners: {
        /** A partner's agreement is its own (OBEC sees every agreement). */
        PartnerAgreement: (a: Agreement) => ({ partnerCode: a.partnerCode }),
        /** A change belongs to the school and area office of the record it is about. */
        ChangeEntry: (e: ChangeRecord) => ({ schoolCode: e.schoolCode, areaOfficeCode: e.areaOfficeCode }),
        /** An export job is its requester's organisation's (partner, area office or school; OBEC only otherwise). */
        ExportJob: (j: ExportJob) => exportJobOwner(j),
      },
    },
    consumers: [
      {
        // The directory replica (agreements name only known places) and the directory's changes for the feed.
        durable: `${prefix}-directory-replica`,
        stream: SCHOOLS_STREAM,
        handlers: [upsertReplicaWhenSchoolUpserted, recordChangeWhenSchoolUpserted],
        deliverPolicy: options.deliverPolicy ?? 'all',
      },
      {
        durable: `${prefix}-student-changes`,
        stream: STUDENTS_STREAM,
        handlers: [recordChangeWhenEnrollmentChanged, recordChangeWhenStudentChanged],
        deliverPolicy: options.deliverPolicy ?? 'all',
      },
    ],
    routes: (app, viewerOf, { dataSource }) => settings.exports.mount(app, viewerOf, dataSource),
    plugins: [settings.exports.plugin<ExchangeContext>()],
    buildContext: (base, { dataSource }) => buildExchangeContext(base, dataSource, settings),
  };
}
