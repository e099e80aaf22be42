import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { SCHOOLS_STREAM, upsertReplicaWhenSchoolUpserted } from '@smss/events';
import express from 'express';
import { z } from 'zod';
import { badInput, DEV_PSEUDONYM_KEY, type Logger } from '@smss/core';
import { sendRouteError, type ServiceDefinition } from '@smss/service-kit';
import { buildStudentsContext, type StudentsContext } from './context';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { MAX_UPLOAD_BYTES } from './modules/imports/import.service';
import { POPULATION_FILE_LIMITS } from './modules/out-of-school/out-of-school.service';
import { createStudentsDomain } from './modules/domain';
import { PersonalDataAudit } from '@smss/trust';
import { studentsTrust } from './trust';

export const SCHEMA_PATH = path.join(__dirname, '..', 'schema.graphql');
export const typeDefs = parse(readFileSync(SCHEMA_PATH, 'utf8'));

export interface StudentsServiceOptions {
  /** Prefix of durable consumer names (tests on a shared NATS use a unique one). */
  durablePrefix?: string;
  deliverPolicy?: 'all' | 'new';
  /**
   * Master key of partner pseudonyms (`loadStudentsConfig().pseudonymKey`). Default: the marked
   * development key `DEV_PSEUDONYM_KEY` (tests, benchmarks); `index.ts` passes the configured one.
   */
  pseudonymKey?: string;
}

/** The students subgraph, declared; `bootService` (tests, launcher, index.ts) runs it. */
export const createStudentsService = (
  options: StudentsServiceOptions = {},
): ServiceDefinition<StudentsContext> => ({
  name: 'students',
  typeDefs,
  resolvers: resolvers as never,
  migrations,
  consumers: [
    {
      durable: `${options.durablePrefix ?? 'students'}-directory-replica`,
      stream: SCHOOLS_STREAM,
      handlers: [upsertReplicaWhenSchoolUpserted],
      deliverPolicy: options.deliverPolicy ?? 'all',
    },
  ],
  /** Row scope, masking and the personal-data audit: the trust layer, with this service's owner rules. */
  trust: studentsTrust,
  /**
   * `POST /upload/students?schoolCode=…&academicYear=…&fileName=…` with the raw CSV/XLSX as the body:
   * the route the gateway forwards uploads to (browser form and curl). Same service as `importStudents`.
   * `…?kind=population&areaOfficeCode=…&academicYear=…&fileName=…`: an area's MOI school-age population,
   * the same service as `importPopulationRegistry` — for files too big for a GraphQL body (an area's
   * 200,000 rows; the gateway forwards up to 20 MB).
   */
  routes: (app, viewerOf, { dataSource }) => {
    const { imports, outOfSchool } = createStudentsDomain(dataSource);
    app.post(
      '/upload/students',
      express.raw({
        type: () => true,
        limit: Math.max(MAX_UPLOAD_BYTES, POPULATION_FILE_LIMITS.maxFileBytes),
      }),
      async (req, res) => {
        const logger = (req as unknown as { log: Logger }).log;
        try {
          if (req.query.kind === 'population') {
            const p = z
              .object({
                areaOfficeCode: z.string().regex(/^\d{4}$/),
                academicYear: z.coerce.number().int().min(2400).max(2700),
                fileName: z.string().min(1).max(200),
              })
              .safeParse(req.query);
            if (!p.success) {
              throw badInput(
                'Give areaOfficeCode (4 digits), academicYear (B.E.) and fileName (.csv or .xlsx)',
                'ต้องระบุ areaOfficeCode (4 หลัก), academicYear (พ.ศ.) และ fileName (.csv หรือ .xlsx)',
              );
            }
            const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
            res.json(
              await outOfSchool.importPopulation(await viewerOf(req), {
                ...p.data,
                content,
              }),
            );
            return;
          }
          if (req.query.kind !== undefined && req.query.kind !== 'students') {
            throw badInput(
              'kind is students (default) or population',
              'kind ต้องเป็น students (ค่าเริ่มต้น) หรือ population',
            );
          }
          // A student list over its own limit is refused by `importFile` (it names the bulk loader).
          const q = z
            .object({
              schoolCode: z.string().regex(/^\d{10}$/),
              academicYear: z.coerce.number().int().min(2400).max(2700),
              fileName: z.string().min(1).max(200),
            })
            .safeParse(req.query);
          if (!q.success) {
            throw badInput(
              'Give schoolCode (10 digits), academicYear (B.E.) and fileName (.csv or .xlsx)',
              'ต้องระบุ schoolCode (10 หลัก), academicYear (พ.ศ.) และ fileName (.csv หรือ .xlsx)',
            );
          }
          const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          const viewer = await viewerOf(req);
          const requestId = String((req as { id?: unknown }).id ?? '');
          // Rows naming a child of another school are lookups by national ID: on the shared audit.
          const audit = viewer.authenticated
            ? new PersonalDataAudit(viewer, requestId, (sql, params) => dataSource.query(sql, params))
            : undefined;
          res.json(await imports.importFile(viewer, { ...q.data, content: body }, requestId, audit));
        } catch (error) {
          sendRouteError(res, error, logger);
        }
      },
    );
  },
  buildContext: (base, { dataSource }) =>
    buildStudentsContext(base, dataSource, options.pseudonymKey ?? DEV_PSEUDONYM_KEY),
});

export const studentsService = createStudentsService();
