import { readFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { parse } from 'graphql';
import { z } from 'zod';
import { badInput, type Logger } from '@smss/core';
import { SCHOOLS_STREAM } from '@smss/events';
import {
  sendRouteError,
  type DemoData,
  type ServiceDefinition,
  type ServiceFactoryOptions,
} from '@smss/service-kit';
import { todayInBangkok } from '@smss/thai';
import { buildAssetsContext, createRepositories, createServices, type AssetsContext } from './context';
import { replicateSchoolWhenSchoolUpserted } from './events/replicate-school-when-school-upserted.handler';
import { migrations } from './migrations';
import { BUILDING_FILE_LIMITS } from './modules/building/building.import';
import { resolvers } from './resolvers';
import { assetsTrust } from './trust';

export const SCHEMA_PATH = path.join(__dirname, '..', 'schema.graphql');
export const typeDefs = parse(readFileSync(SCHEMA_PATH, 'utf8'));

export interface AssetsServiceOptions extends ServiceFactoryOptions {
  /** Give newly replicated schools deterministic demo data (default none). */
  demoData?: DemoData;
  /** Today's date (Asia/Bangkok); tests may pin it. */
  today?: () => string;
}

/**
 * The assets subgraph, declared; `bootService` (tests, the launcher, index.ts, the e2e platform) runs it.
 * `durablePrefix` names the durable consumers (default `assets`); tests on a shared NATS pass a unique
 * one with `deliverPolicy: 'new'`.
 */
export function createAssetsService(options: AssetsServiceOptions = {}): ServiceDefinition<AssetsContext> {
  const prefix = options.durablePrefix ?? 'assets';
  const today = options.today ?? (() => todayInBangkok());
  return {
    name: 'assets',
    typeDefs,
    resolvers: resolvers as never,
    migrations,
    // Row scope, masking and the personal-data audit of every read: the trust layer (src/trust.ts).
    trust: assetsTrust,
    consumers: [
      {
        durable: `${prefix}-directory-replica`,
        stream: SCHOOLS_STREAM,
        handlers: [replicateSchoolWhenSchoolUpserted(options.demoData ?? 'none')],
        deliverPolicy: options.deliverPolicy ?? 'all',
      },
    ],
    /**
     * `POST /upload/assets?schoolCode=…&fileName=…[&dryRun=true]` with the raw B-OBEC CSV/XLSX as the body:
     * the route the gateway forwards uploads to (browser form and curl). Same service as `importBuildings`.
     */
    routes: (app, viewerOf, { dataSource }) => {
      app.post(
        '/upload/assets',
        express.raw({ type: () => true, limit: BUILDING_FILE_LIMITS.maxFileBytes }),
        async (req, res) => {
          const logger = (req as unknown as { log: Logger }).log;
          try {
            const q = z
              .object({
                schoolCode: z.string().regex(/^\d{10}$/),
                fileName: z.string().min(1).max(200),
                dryRun: z.enum(['true', 'false']).optional(),
              })
              .safeParse(req.query);
            if (!q.success)
              throw badInput(
                'Give schoolCode (10 digits) and fileName (.csv or .xlsx); dryRun=true to check only',
                'ต้องระบุ schoolCode (10 หลัก) และ fileName (.csv หรือ .xlsx) ใส่ dryRun=true เพื่อตรวจสอบอย่างเดียว',
              );
            const viewer = await viewerOf(req);
            const [school] = await dataSource.query(
              `SELECT school_id FROM directory_school_replica WHERE obec_code = $1`,
              [q.data.schoolCode],
            );
            const repos = createRepositories(dataSource);
            const services = createServices(dataSource, repos, today);
            res.json(
              await services.buildings.importFile(viewer, {
                // An unknown school is answered like one out of reach (NOT_FOUND), by the same policy.
                schoolId: school?.school_id ?? '00000000-0000-4000-8000-000000000000',
                fileName: q.data.fileName,
                content: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
                dryRun: q.data.dryRun === 'true',
              }),
            );
          } catch (error) {
            sendRouteError(res, error, logger);
          }
        },
      );
    },
    buildContext: (base, { dataSource }) => buildAssetsContext(base, dataSource, today()),
  };
}
