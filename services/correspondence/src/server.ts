import { readFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { parse } from 'graphql';
import { z } from 'zod';
import { badInput, type Logger } from '@smss/core';
import { SCHOOLS_STREAM, upsertReplicaWhenSchoolUpserted } from '@smss/events';
import { sendRouteError, type ServiceDefinition, type ServiceFactoryOptions } from '@smss/service-kit';
import { buildCorrespondenceContext, type CorrespondenceContext } from './context';
import { createCorrespondenceDomain, type CorrespondenceOptions } from './domain';
import { migrations } from './migrations';
import { DEFAULT_MAX_ATTACHMENT_BYTES } from './modules/attachments/attachment.service';
import { resolvers } from './resolvers';
import { correspondenceTrust } from './trust';

export const SCHEMA_PATH = path.join(__dirname, '..', 'schema.graphql');
export const typeDefs = parse(readFileSync(SCHEMA_PATH, 'utf8'));

/** The factory options every service takes, and this service's own (clock, attachment store). */
export interface CorrespondenceServiceOptions extends ServiceFactoryOptions, CorrespondenceOptions {}

/**
 * The correspondence subgraph, declared; `bootService` (tests, the launcher, index.ts, the e2e platform) runs it.
 * `durablePrefix` names the durable consumers (default `correspondence`); tests on a shared NATS pass a unique
 * one with `deliverPolicy: 'new'`.
 */
export function createCorrespondenceService(
  options: CorrespondenceServiceOptions = {},
): ServiceDefinition<CorrespondenceContext> {
  const prefix = options.durablePrefix ?? 'correspondence';
  const maxBytes = options.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
  return {
    name: 'correspondence',
    typeDefs,
    resolvers: resolvers as never,
    migrations,
    // Row scope (secrecy included), masking and the personal-data audit: the trust layer, with src/trust.ts.
    trust: correspondenceTrust,
    consumers: [
      {
        durable: `${prefix}-directory-replica`,
        stream: SCHOOLS_STREAM,
        handlers: [upsertReplicaWhenSchoolUpserted],
        deliverPolicy: options.deliverPolicy ?? 'all',
      },
    ],
    /**
     * `POST /upload/correspondence?fileName=…&orgCode=…` with the raw PDF as the body: the route the gateway
     * forwards uploads to. Same service as `uploadAttachment`; answers the attachment's id and SHA-256.
     */
    routes: (app, viewerOf, { dataSource }) => {
      app.post(
        '/upload/correspondence',
        express.raw({ type: () => true, limit: maxBytes + 1 }),
        async (req, res) => {
          const logger = (req as unknown as { log: Logger }).log;
          try {
            const q = z
              .object({ fileName: z.string().min(1).max(200), orgCode: z.string().max(10).optional() })
              .safeParse(req.query);
            if (!q.success)
              throw badInput(
                'Give fileName (.pdf) and optionally orgCode',
                'ต้องระบุ fileName (.pdf) และ orgCode (ถ้ามี)',
              );
            const { services } = createCorrespondenceDomain(dataSource, options);
            const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
            const a = await services.attachments.upload(await viewerOf(req), { ...q.data, content: body });
            res.json({
              id: a.id,
              fileName: a.fileName,
              byteSize: a.byteSize,
              sha256: a.sha256,
              contentType: a.contentType,
            });
          } catch (error) {
            sendRouteError(res, error, logger);
          }
        },
      );
    },
    buildContext: (base, { dataSource }) => buildCorrespondenceContext(base, dataSource, options),
  };
}
